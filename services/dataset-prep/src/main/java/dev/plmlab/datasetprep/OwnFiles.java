package dev.plmlab.datasetprep;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DatasetLocator;
import dev.plmlab.science.data.csv.SplitCsv;
import dev.plmlab.science.data.fasta.FastaReader;
import dev.plmlab.science.data.fasta.FlipFastaLayout;
import dev.plmlab.service.SpecFiles;
import java.net.URI;
import java.nio.file.Path;

/**
 * The user's own data, uploaded by the client (or, in the services' own tests, a path): a CSV (sequence
 * level, regression or classification, or per residue with one label string a row), with its
 * columns named by role; or FLIP's per-residue FASTA layout ({@code file:} labels,
 * {@code sequences:}, optional {@code mask:}).
 */
final class OwnFiles {
    private final DatasetLocator locator;
    private final SpecFiles files;

    OwnFiles(DatasetLocator locator, SpecFiles files) {
        this.locator = locator;
        this.files = files;
    }

    DataParts read(TaskSpec task) {
        if (task.type() == null) {
            throw new DatasetException("task " + task.name() + ": a task with its own file needs a type");
        }
        if (task.isFastaLayout()) {
            if (task.type() != TaskType.PER_RESIDUE_CLASSIFICATION) {
                throw new DatasetException("task " + task.name() + ": the FASTA layout (sequences:) is for per-residue tasks, not "
                        + task.type());
            }
            Path labels = mainFile(task);
            Path sequences = local(task, task.sequences(), "sequences");
            Path mask = task.mask() == null ? null : local(task, task.mask(), "mask");
            return FlipFastaLayout.combine(FastaReader.read(labels), FastaReader.read(sequences),
                    mask == null ? null : FastaReader.read(mask), DatasetPreparation.PROTEIN_LETTERS, task.maxResidues());
        }
        SplitCsv.LabelKind kind = switch (task.type()) {
            case REGRESSION -> SplitCsv.LabelKind.NUMBER;
            case CLASSIFICATION -> SplitCsv.LabelKind.CLASS_NAME;
            case PER_RESIDUE_CLASSIFICATION -> SplitCsv.LabelKind.RESIDUE_LABELS;
        };
        SplitCsv parser = SplitCsv.of(kind, task.columns(), DatasetPreparation.PROTEIN_LETTERS);
        if (task.maxResidues() > 0) {
            parser = parser.keepingFirstResidues(task.maxResidues());
        }
        return parser.read(mainFile(task));
    }

    /** {@code file:} (checked against {@code sha256:} when given) or a {@code url:} with its sha256. */
    private Path mainFile(TaskSpec task) {
        if (task.file() == null) {
            if (task.url() == null) {
                throw new DatasetException("task " + task.name() + ": names neither a dataset, a file nor a url");
            }
            return locator.resolveUrl(URI.create(task.url()), task.sha256());
        }
        Path file = local(task, task.file(), "dataset file");
        return task.sha256() != null ? locator.resolveLocal(file, task.sha256()) : file;
    }

    private Path local(TaskSpec task, String path, String what) {
        try {
            return files.resolve(path, "task " + task.name() + ": " + what);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage());
        }
    }
}
