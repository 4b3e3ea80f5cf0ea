package dev.plmlab.science.data.fasta;

import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.DuplicateSequences;
import dev.plmlab.science.data.ProblemList;
import dev.plmlab.science.data.Residues;
import dev.plmlab.science.data.fasta.FastaReader.FastaFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * FLIP's per-residue layout: a labels FASTA ({@code >id SET=train|test VALIDATION=True|False},
 * then one label letter per residue), a sequences FASTA with the same ids, and optionally a mask
 * FASTA of one '1' (scored) or '0' per residue. The labels file decides which proteins are in the
 * split and in which part.
 *
 * <p>Rules for what real files hold (FLIP's bind {@code one_vs_many.fasta} has 1,360 records for
 * 1,314 ids): a record repeated exactly is kept once; an id repeated with the same labels but a
 * different SET or VALIDATION would put one protein in two parts, so it is left out of all of
 * them; an id repeated with different labels (or a different sequence or mask) is an error.
 * Sequences the labels file does not name are not part of the split (FLIP's bind splits share
 * one sequences file). Every one of these is counted in the notes.
 */
public final class FlipFastaLayout {
    private static final int LISTED_IDS = 10;

    private FlipFastaLayout() {
    }

    /**
     * @param mask null when every residue is scored
     * @param keepFirstResidues residues (and labels, mask) kept from the start; 0 keeps all
     */
    public static DataParts combine(FastaFile labels, FastaFile sequences, FastaFile mask, String alphabet,
                                    int keepFirstResidues) {
        ProblemList problems = new ProblemList();
        List<String> notes = new ArrayList<>();
        Map<String, FastaRecord> residuesById = unique(sequences, "sequence", problems);
        Map<String, FastaRecord> maskById = mask == null ? null : unique(mask, "mask", problems);
        Map<String, FastaRecord> labelled = labelRecords(labels, problems, notes);

        List<DataRecord> train = new ArrayList<>();
        List<DataRecord> validation = new ArrayList<>();
        List<DataRecord> test = new ArrayList<>();
        DuplicateSequences duplicates = new DuplicateSequences();
        for (FastaRecord label : labelled.values()) {
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
            FastaRecord residues = residuesById.get(label.id());
            FastaRecord scored = maskById == null ? null : maskById.get(label.id());
            if (residues == null) {
                problems.add(where + ": no sequence with this id in " + sequences.source());
            } else {
                Residues.check(sequences.source() + ":" + residues.line() + ": id " + label.id(), residues.body(), alphabet,
                        problems);
                if (label.body().length() != residues.body().length()) {
                    problems.add(where + ": " + label.body().length() + " labels but the sequence in "
                            + sequences.source() + " has " + residues.body().length() + " residues");
                }
            }
            if (maskById != null && scored == null) {
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
            DataRecord record = DataRecord.perResidue(label.id(), cut(residues.body(), keepFirstResidues),
                    cut(label.body(), keepFirstResidues), scored == null ? null : cut(scored.body(), keepFirstResidues));
            duplicates.add(set.equals("test") ? "test" : isValidation ? "validation" : "train", record.sequence(),
                    record.labels() + "/" + record.mask(), labels.source() + ":" + label.line() + ": id " + label.id());
            (set.equals("test") ? test : isValidation ? validation : train).add(record);
        }
        problems.throwIfAny(labels.source());
        Set<String> named = new HashSet<>();
        labels.records().forEach(r -> named.add(r.id()));
        long unlabelled = residuesById.keySet().stream().filter(id -> !named.contains(id)).count();
        if (unlabelled > 0) {
            notes.add(sequences.source() + ": " + unlabelled + " sequence(s) have no labels in " + labels.source()
                    + " and are not part of this split");
        }
        if (train.isEmpty() && validation.isEmpty() && test.isEmpty()) {
            throw new dev.plmlab.science.data.DatasetException(labels.source() + ": no protein is left in any part");
        }
        return new DataParts(train, validation, test, notes, duplicates.warnings(labels.source()));
    }

    /**
     * The labels file's records by id, first occurrence first, with the repeat rules of the class
     * doc applied: exact repeats dropped, ids in two parts removed, different labels an error.
     */
    private static Map<String, FastaRecord> labelRecords(FastaFile labels, ProblemList problems, List<String> notes) {
        Map<String, FastaRecord> first = new LinkedHashMap<>();
        List<String> inTwoParts = new ArrayList<>();
        int exactRepeats = 0;
        for (FastaRecord record : labels.records()) {
            FastaRecord earlier = first.get(record.id());
            if (earlier == null) {
                first.put(record.id(), record);
            } else if (!earlier.body().equals(record.body())) {
                problems.add(labels.source() + ":" + record.line() + ": id " + record.id()
                        + ": repeats the id of line " + earlier.line() + " with different labels");
            } else if (earlier.attributes().equals(record.attributes())) {
                exactRepeats++;
            } else if (!inTwoParts.contains(record.id())) {
                inTwoParts.add(record.id());
            }
        }
        inTwoParts.forEach(first::remove);
        if (exactRepeats > 0) {
            notes.add(labels.source() + ": " + exactRepeats + " record(s) repeat an earlier record exactly and were kept once");
        }
        if (!inTwoParts.isEmpty()) {
            notes.add(labels.source() + ": " + inTwoParts.size() + " protein(s) appear with two different SET/VALIDATION"
                    + " values and were left out of every part, so that none is both trained and tested on: "
                    + (inTwoParts.size() > LISTED_IDS ? inTwoParts.subList(0, LISTED_IDS) + " …" : inTwoParts));
        }
        return first;
    }

    /** Records by id; a repeated id must repeat the same body. */
    private static Map<String, FastaRecord> unique(FastaFile file, String what, ProblemList problems) {
        Map<String, FastaRecord> byId = new LinkedHashMap<>();
        for (FastaRecord record : file.records()) {
            FastaRecord earlier = byId.putIfAbsent(record.id(), record);
            if (earlier != null && !earlier.body().equals(record.body())) {
                problems.add(file.source() + ":" + record.line() + ": id " + record.id() + ": repeats the id of line "
                        + earlier.line() + " with a different " + what);
            }
        }
        return byId;
    }

    private static String cut(String text, int keep) {
        return keep > 0 && text.length() > keep ? text.substring(0, keep) : text;
    }
}
