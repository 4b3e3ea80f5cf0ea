package dev.plmlab.datasetprep;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DatasetCatalogue;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DatasetLocator;
import dev.plmlab.service.SpecFiles;
import dev.plmlab.science.data.tape.TapeFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a task into a checked, normalised dataset: the whole of dataset-prep's science. Known
 * datasets come from FLIP ({@link FlipDatasets}) or TAPE ({@link TapeDatasets}) through the
 * locator; the user's own files ({@link OwnFiles}) are read from the spec's folder.
 */
public final class DatasetPreparation {

    /**
     * Letters a protein sequence may hold (IUPAC plus U, O and the ambiguity codes). Each
     * feature extractor checks its own narrower alphabet later and names the letter it rejects.
     */
    public static final String PROTEIN_LETTERS = "ACDEFGHIKLMNPQRSTVWYBXZUOJ";

    private final FlipDatasets flip;
    private final TapeDatasets tape;
    private final OwnFiles own;

    /** The public catalogue, TAPE's LMDB archives. */
    public DatasetPreparation(DatasetLocator locator, Path baseDir) {
        this(locator, DatasetCatalogue.PUBLIC, TapeFormat.LMDB, baseDir);
    }

    /**
     * @param catalogue  where the known datasets' files are pinned ({@link DatasetCatalogue#PUBLIC}; tests move it)
     * @param tapeFormat which of TAPE's archives to read
     * @param baseDir    where relative paths of a spec ({@code file:}, {@code sequences:}, {@code mask:}) resolve;
     *                   for tests and embedding in tools, where the spec's files are the caller's own
     */
    public DatasetPreparation(DatasetLocator locator, DatasetCatalogue catalogue, TapeFormat tapeFormat, Path baseDir) {
        this(locator, catalogue, tapeFormat, new SpecFiles(null, baseDir, true));
    }

    /** @param files where a spec's own files are read: uploads from the store, paths only where allowed */
    public DatasetPreparation(DatasetLocator locator, DatasetCatalogue catalogue, TapeFormat tapeFormat, SpecFiles files) {
        this.flip = new FlipDatasets(locator, catalogue);
        this.tape = new TapeDatasets(locator, catalogue, tapeFormat);
        this.own = new OwnFiles(locator, files);
    }

    /** A prepared dataset and what was left out on the way (rows skipped, and why, with counts). */
    public record Prepared(PreparedDataset dataset, List<String> notes) {
    }

    public PreparedDataset prepare(TaskSpec task) {
        return prepareWithNotes(task).dataset();
    }

    public Prepared prepareWithNotes(TaskSpec task) {
        DataParts parts;
        TaskType type;
        String split = task.split() == null ? "" : task.split();
        if (task.isKnownDataset()) {
            // a known dataset's kind is fixed by its data, whatever the spec says
            switch (task.dataset()) {
                case "gb1", "aav", "meltome" -> {
                    parts = flip.read(task.dataset(), split, task.maxResidues());
                    type = TaskType.REGRESSION;
                }
                case "scl" -> {
                    parts = flip.read(task.dataset(), split, task.maxResidues());
                    type = TaskType.CLASSIFICATION;
                }
                case "ss3" -> {
                    parts = split.equals("sampled") ? flip.secondaryStructure(task.maxResidues())
                            : tape.secondaryStructure(split, false).keepingFirstResidues(task.maxResidues());
                    type = TaskType.PER_RESIDUE_CLASSIFICATION;
                }
                case "ss8" -> {
                    parts = tape.secondaryStructure(split, true).keepingFirstResidues(task.maxResidues());
                    type = TaskType.PER_RESIDUE_CLASSIFICATION;
                }
                case "fluorescence", "stability" -> {
                    parts = tape.regression(task.dataset(), split).keepingFirstResidues(task.maxResidues());
                    type = TaskType.REGRESSION;
                }
                default -> throw new DatasetException("task " + task.name() + ": plmlab cannot fetch dataset '"
                        + task.dataset() + "'; download it and name its file with 'file:'");
            }
        } else {
            parts = own.read(task);
            type = task.type();
        }
        String name = task.isKnownDataset() ? task.dataset() : task.name();
        List<String> notes = new java.util.ArrayList<>(parts.notes());
        parts.warnings().forEach(w -> notes.add(w.startsWith("warning") ? w : "warning: " + w));
        return new Prepared(ExampleConversion.toPrepared(name, split, type, parts), notes);
    }
}
