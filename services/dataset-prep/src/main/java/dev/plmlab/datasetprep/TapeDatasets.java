package dev.plmlab.datasetprep;

import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DatasetCatalogue;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DatasetLocator;
import dev.plmlab.science.data.tape.TapeArchive;
import dev.plmlab.science.data.tape.TapeFiles;
import dev.plmlab.science.data.tape.TapeFormat;
import dev.plmlab.science.data.tape.TapeRecords;
import dev.plmlab.science.data.tape.TapeTask;
import java.util.List;

/**
 * TAPE's tasks: secondary structure (train, valid as validation, and one of cb513, ts115, casp12
 * as test; ss3 or ss8 labels), fluorescence and stability (train, valid, test; split name
 * {@code tape}).
 */
final class TapeDatasets {
    static final List<String> SECONDARY_STRUCTURE_TESTS = List.of("cb513", "ts115", "casp12");

    private final DatasetLocator locator;
    private final DatasetCatalogue catalogue;
    private final TapeFormat format;

    TapeDatasets(DatasetLocator locator, DatasetCatalogue catalogue, TapeFormat format) {
        this.locator = locator;
        this.catalogue = catalogue;
        this.format = format;
    }

    DataParts secondaryStructure(String testSet, boolean eightClasses) {
        if (!SECONDARY_STRUCTURE_TESTS.contains(testSet)) {
            throw new DatasetException("TAPE secondary structure has no test set '" + testSet + "'; it has "
                    + SECONDARY_STRUCTURE_TESTS + (eightClasses ? "" : " (and FLIP's 'sampled')"));
        }
        return archive(TapeTask.SECONDARY_STRUCTURE).read("train", "valid", testSet,
                eightClasses ? TapeRecords.Labels.SS8 : TapeRecords.Labels.SS3, DatasetPreparation.PROTEIN_LETTERS);
    }

    DataParts regression(String dataset, String split) {
        if (!split.equals("tape")) {
            throw new DatasetException(dataset + " has one split, 'tape' (TAPE's train/valid/test), not '" + split + "'");
        }
        TapeTask task = dataset.equals("fluorescence") ? TapeTask.FLUORESCENCE : TapeTask.STABILITY;
        return archive(task).read("train", "valid", "test", null, DatasetPreparation.PROTEIN_LETTERS);
    }

    private TapeArchive archive(TapeTask task) {
        return new TapeArchive(locator.resolve(catalogue.pinned(TapeFiles.archive(task, format))), task, format);
    }
}
