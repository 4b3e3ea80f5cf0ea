package dev.plmlab.datasetprep;

import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DatasetCatalogue;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DatasetLocator;
import dev.plmlab.science.data.FlipFiles;
import dev.plmlab.science.data.PinnedFile;
import dev.plmlab.science.data.csv.SplitCsv;
import dev.plmlab.science.data.fasta.FastaReader;
import dev.plmlab.science.data.fasta.FlipFastaLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * FLIP's splits: one CSV per split in each dataset's zip (gb1, aav, meltome, scl), and the
 * secondary-structure {@code sampled} split as FASTA. Sequences are kept whole except GB1's (its
 * first 56 residues, as the reference does); the long-sequence policy is applied downstream.
 */
final class FlipDatasets {
    private final DatasetLocator locator;
    private final DatasetCatalogue catalogue;

    FlipDatasets(DatasetLocator locator, DatasetCatalogue catalogue) {
        this.locator = locator;
        this.catalogue = catalogue;
    }

    DataParts read(String dataset, String split, int maxResidues) {
        return switch (dataset) {
            case "gb1" -> csv(FlipFiles.GB1_SPLITS, "gb1", FlipFiles.GB1_SPLIT_NAMES, split, SplitCsv.LabelKind.NUMBER,
                    maxResidues > 0 ? maxResidues : FlipFiles.GB1_RESIDUES_USED);
            case "aav" -> csv(FlipFiles.AAV_SPLITS, "aav", FlipFiles.AAV_SPLIT_NAMES, split,
                    SplitCsv.LabelKind.NUMBER, maxResidues);
            case "meltome" -> csv(FlipFiles.MELTOME_SPLITS, "meltome", FlipFiles.MELTOME_SPLIT_NAMES, split,
                    SplitCsv.LabelKind.NUMBER, maxResidues);
            case "scl" -> csv(FlipFiles.SCL_SPLITS, "scl", FlipFiles.SCL_SPLIT_NAMES, split,
                    SplitCsv.LabelKind.CLASS_NAME, maxResidues);
            default -> throw new IllegalArgumentException("not a FLIP CSV dataset: " + dataset);
        };
    }

    /** FLIP's NetSurfP "sampled" split: sequences, H/E/C labels with SET/VALIDATION, and the resolved-residue mask. */
    DataParts secondaryStructure(int maxResidues) {
        Path zip = locator.resolve(catalogue.pinned(FlipFiles.SECONDARY_STRUCTURE_SPLITS));
        return FlipFastaLayout.combine(FastaReader.readZipEntry(zip, FlipFiles.SECONDARY_STRUCTURE_LABELS),
                FastaReader.readZipEntry(zip, FlipFiles.SECONDARY_STRUCTURE_SEQUENCES),
                FastaReader.readZipEntry(zip, FlipFiles.SECONDARY_STRUCTURE_MASK),
                DatasetPreparation.PROTEIN_LETTERS, maxResidues);
    }

    private DataParts csv(PinnedFile file, String dataset, List<String> splits, String split, SplitCsv.LabelKind kind,
                          int maxResidues) {
        String entry = entry(() -> FlipFiles.splitEntry(dataset, splits, split));
        SplitCsv parser = SplitCsv.of(kind, Map.of(), DatasetPreparation.PROTEIN_LETTERS)
                // Meltome leaves some targets empty; AAV leaves 'set' empty for variants outside the split
                .skippingEmptyTargets().skippingRowsOutsideTheSplit();
        if (maxResidues > 0) {
            parser = parser.keepingFirstResidues(maxResidues);
        }
        return parser.readZipEntry(locator.resolve(catalogue.pinned(file)), entry);
    }

    private static String entry(java.util.function.Supplier<String> name) {
        try {
            return name.get();
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage(), e);
        }
    }
}
