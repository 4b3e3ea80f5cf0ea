package dev.plmlab.science.data;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A split's train, validation and test parts as read from its source, what was left out on the way
 * ({@code notes}, each with how many and why), so that no row vanishes without a trace, and what was
 * kept but deserves a look ({@code warnings}: the same sequence with conflicting targets in one part,
 * or in train and test; see {@link DuplicateSequences}).
 */
public record DataParts(List<DataRecord> train, List<DataRecord> validation, List<DataRecord> test,
                        List<String> notes, List<String> warnings) {
    public DataParts {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    public DataParts(List<DataRecord> train, List<DataRecord> validation, List<DataRecord> test, List<String> notes) {
        this(train, validation, test, notes, List.of());
    }

    public DataParts(List<DataRecord> train, List<DataRecord> validation, List<DataRecord> test) {
        this(train, validation, test, List.of());
    }

    /**
     * The same parts with each sequence (and its labels and mask) cut to its first {@code n}
     * residues, for a spec's {@code max_residues}; 0 keeps everything.
     */
    public DataParts keepingFirstResidues(int n) {
        if (n <= 0) {
            return this;
        }
        return new DataParts(cut(train, n), cut(validation, n), cut(test, n), notes, warnings);
    }

    private static List<DataRecord> cut(List<DataRecord> part, int n) {
        return part.stream().map(r -> new DataRecord(r.id(), first(r.sequence(), n), r.value(), r.className(),
                first(r.labels(), n), first(r.mask(), n))).toList();
    }

    private static String first(String text, int n) {
        return text == null || text.length() <= n ? text : text.substring(0, n);
    }

    public List<DataRecord> all() {
        List<DataRecord> all = new ArrayList<>(train.size() + validation.size() + test.size());
        all.addAll(train);
        all.addAll(validation);
        all.addAll(test);
        return all;
    }

    /**
     * Class names over all three parts, sorted (by value when every name is an integer, so that
     * "10" follows "9"): fitted once so that train, validation and test share one index (the
     * reference fitted one per part, which can disagree).
     */
    public List<String> classNames() {
        TreeSet<String> names = new TreeSet<>();
        for (DataRecord record : all()) {
            if (record.className() != null) {
                names.add(record.className());
            }
        }
        if (!names.isEmpty() && names.stream().allMatch(n -> n.matches("-?\\d{1,18}"))) {
            return names.stream().sorted(java.util.Comparator.comparingLong(Long::parseLong)).toList();
        }
        return List.copyOf(names);
    }

    /** The label letters seen over all parts, sorted, for per-residue tasks. */
    public List<String> labelLetters() {
        TreeSet<String> letters = new TreeSet<>();
        for (DataRecord record : all()) {
            if (record.labels() != null) {
                record.labels().chars().forEach(c -> letters.add(String.valueOf((char) c)));
            }
        }
        return List.copyOf(letters);
    }
}
