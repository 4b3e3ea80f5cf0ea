package dev.plmlab.science.data.fasta;

import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.ProblemList;
import dev.plmlab.science.data.Residues;
import dev.plmlab.science.data.fasta.FastaReader.FastaFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FLIP's per-residue layout: a labels FASTA ({@code >id SET=train|test VALIDATION=True|False},
 * then one label letter per residue), a sequences FASTA with the same ids, and optionally a mask
 * FASTA of one '1' (scored) or '0' per residue. The labels file decides which proteins are in the
 * split and in which part; sequences it does not name are not part of this split (FLIP's bind
 * splits share one sequences file) and are counted in the notes.
 */
public final class FlipFastaLayout {
    private FlipFastaLayout() {
    }

    /**
     * @param mask null when every residue is scored
     * @param keepFirstResidues residues (and labels, mask) kept from the start; 0 keeps all
     */
    public static DataParts combine(FastaFile labels, FastaFile sequences, FastaFile mask, String alphabet,
                                    int keepFirstResidues) {
        List<DataRecord> train = new ArrayList<>();
        List<DataRecord> validation = new ArrayList<>();
        List<DataRecord> test = new ArrayList<>();
        ProblemList problems = new ProblemList();
        for (FastaRecord label : labels.records().values()) {
            String where = labels.source() + ":" + label.line() + ": id " + label.id();
            int before = problems.size();
            String set = label.attributes().getOrDefault("SET", "").toLowerCase(Locale.ROOT);
            String validationText = label.attributes().getOrDefault("VALIDATION", "False").toLowerCase(Locale.ROOT);
            if (!set.equals("train") && !set.equals("test")) {
                problems.add(where + ": SET must be train or test, got '" + label.attributes().getOrDefault("SET", "") + "'");
            }
            boolean isValidation = validationText.equals("true");
            if (!isValidation && !validationText.equals("false")) {
                problems.add(where + ": VALIDATION must be True or False, got '" + label.attributes().get("VALIDATION") + "'");
            } else if (isValidation && set.equals("test")) {
                problems.add(where + ": a SET=test protein is marked VALIDATION=True");
            }
            FastaRecord residues = sequences.records().get(label.id());
            FastaRecord scored = mask == null ? null : mask.records().get(label.id());
            if (residues == null) {
                problems.add(where + ": no sequence with this id in " + sequences.source());
            } else {
                String sequenceWhere = sequences.source() + ":" + residues.line() + ": id " + label.id();
                Residues.check(sequenceWhere, residues.body(), alphabet, problems);
                if (label.body().length() != residues.body().length()) {
                    problems.add(where + ": " + label.body().length() + " labels but the sequence in "
                            + sequences.source() + " has " + residues.body().length() + " residues");
                }
            }
            if (mask != null && scored == null) {
                problems.add(where + ": no mask with this id in " + mask.source());
            } else if (scored != null) {
                String maskWhere = mask.source() + ":" + scored.line() + ": id " + label.id();
                if (scored.body().length() != label.body().length()) {
                    problems.add(maskWhere + ": mask has " + scored.body().length() + " positions but there are "
                            + label.body().length() + " labels");
                }
                if (!scored.body().matches("[01]*")) {
                    problems.add(maskWhere + ": mask may hold only 0 and 1");
                }
            }
            if (problems.size() > before) {
                continue;
            }
            String sequence = cut(residues.body(), keepFirstResidues);
            DataRecord record = DataRecord.perResidue(label.id(), sequence, cut(label.body(), keepFirstResidues),
                    scored == null ? null : cut(scored.body(), keepFirstResidues));
            (set.equals("test") ? test : isValidation ? validation : train).add(record);
        }
        problems.throwIfAny(labels.source());
        List<String> notes = new ArrayList<>();
        long unlabelled = sequences.records().keySet().stream().filter(id -> !labels.records().containsKey(id)).count();
        if (unlabelled > 0) {
            notes.add(sequences.source() + ": " + unlabelled + " sequence(s) have no labels in " + labels.source()
                    + " and are not part of this split");
        }
        return new DataParts(train, validation, test, notes);
    }

    private static String cut(String text, int keep) {
        return keep > 0 && text.length() > keep ? text.substring(0, keep) : text;
    }
}
