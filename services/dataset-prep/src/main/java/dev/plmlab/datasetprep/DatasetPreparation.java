package dev.plmlab.datasetprep;

import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DatasetLocator;
import dev.plmlab.science.data.FlipCsv;
import dev.plmlab.science.data.FlipFiles;
import dev.plmlab.science.data.LabeledDataset;
import dev.plmlab.science.data.LabeledSequence;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Turns a task into a checked, normalised dataset: the whole of dataset-prep's science. */
public final class DatasetPreparation {

    /**
     * Letters a protein sequence may hold (IUPAC plus U, O and the ambiguity codes). Each
     * feature extractor checks its own narrower alphabet later and names the letter it rejects.
     */
    public static final String PROTEIN_LETTERS = "ACDEFGHIKLMNPQRSTVWYBXZUOJ";

    private static final Map<String, String> DEFAULT_COLUMNS =
            Map.of("sequence", "sequence", "target", "target", "set", "set", "validation", "validation");

    private final DatasetLocator locator;
    private final Path baseDir;

    /** @param baseDir where relative {@code file:} paths of a spec are resolved */
    public DatasetPreparation(DatasetLocator locator, Path baseDir) {
        this.locator = locator;
        this.baseDir = baseDir;
    }

    public PreparedDataset prepare(TaskSpec task) {
        FlipCsv parser = FlipCsv.withAlphabet(PROTEIN_LETTERS);
        if (task.maxResidues() > 0) {
            parser = parser.keepingFirstResidues(task.maxResidues());
        }
        LabeledDataset data;
        if (task.isKnownDataset()) {
            data = switch (task.dataset()) {
                case "gb1" -> parser.readZipEntry(locator.resolve(FlipFiles.GB1_SPLITS), FlipFiles.gb1SplitEntry(task.split())).dataset();
                default -> throw new DatasetException("task " + task.name() + ": plmlab cannot fetch dataset '" + task.dataset()
                        + "' yet; download its split CSV and name it with 'file:' (columns sequence,target,set,validation)");
            };
        } else {
            if (!DEFAULT_COLUMNS.equals(task.columns())) {
                throw new DatasetException("task " + task.name() + ": renamed columns " + task.columns()
                        + " are not supported yet; name the CSV header sequence,target,set,validation");
            }
            Path file = task.file() != null ? baseDir.resolve(task.file())
                    : locator.resolveUrl(URI.create(task.url()), task.sha256());
            if (task.file() != null && task.sha256() != null) {
                file = locator.resolveLocal(file, task.sha256());
            }
            if (task.file() != null && !java.nio.file.Files.isRegularFile(file)) {
                throw new DatasetException("task " + task.name() + ": dataset file " + file + " does not exist");
            }
            data = parser.read(file).dataset();
        }
        String split = task.split() == null ? "" : task.split();
        String name = task.isKnownDataset() ? task.dataset() : task.name();
        return new PreparedDataset(name, split, task.type(), examples(data.train()), examples(data.validation()),
                examples(data.test()));
    }

    private static List<Example> examples(List<LabeledSequence> part) {
        return part.stream().map(s -> new Example(s.sequence(), s.target(), null)).toList();
    }
}
