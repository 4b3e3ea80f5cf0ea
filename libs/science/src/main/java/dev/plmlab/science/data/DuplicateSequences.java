package dev.plmlab.science.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the same sequence twice in a split, as warnings ({@link DataParts#warnings()}), not errors: published
 * splits hold such rows (FLIP's bind FASTA files give the identical histone H3 sequences P84229
 * and P84233 different labels), and a split is defined by its authors.
 *
 * <ul>
 *   <li>the same sequence twice in one part with different targets (label noise the probe cannot
 *       fit): each pair named by where both rows are, and counted;</li>
 *   <li>the same sequence in train (or validation) and in test: counted, the first ones named,
 *       since scores on such a test set are optimistic.</li>
 * </ul>
 */
public final class DuplicateSequences {
    private static final int LISTED = 5;

    private record Seen(String label, String where) {
    }

    private final Map<String, Map<String, Seen>> byPart = new HashMap<>();
    private final List<String> conflicts = new ArrayList<>();
    private int exactRepeats;

    /**
     * @param part train, validation or test
     * @param label the row's target, class or labels, as text
     * @param where file:line (or file:line: id) of the row
     */
    public void add(String part, String sequence, String label, String where) {
        Map<String, Seen> seen = byPart.computeIfAbsent(part, p -> new HashMap<>());
        Seen earlier = seen.putIfAbsent(sequence, new Seen(label, where));
        if (earlier == null) {
            return;
        }
        if (earlier.label().equals(label)) {
            exactRepeats++;
        } else {
            conflicts.add(where + " repeats the sequence of " + earlier.where() + " with a different target");
        }
    }

    /** A record's label as text, whichever kind it has (value, class, per-residue labels and mask). */
    public static String label(DataRecord record) {
        return record.value() != null ? String.valueOf(record.value())
                : record.className() != null ? record.className() : record.labels() + "/" + record.mask();
    }

    /** The warnings, each naming {@code source}; empty when there is nothing to say. */
    public List<String> warnings(String source) {
        List<String> notes = new ArrayList<>();
        if (!conflicts.isEmpty()) {
            notes.add("warning: " + source + ": " + conflicts.size() + " sequence(s) appear twice in one part with"
                    + " conflicting targets (both rows kept): " + listed(conflicts));
        }
        if (exactRepeats > 0) {
            notes.add(source + ": " + exactRepeats + " row(s) repeat an earlier row's sequence and target in the same part");
        }
        Map<String, Seen> test = byPart.getOrDefault("test", Map.of());
        List<String> overlap = new ArrayList<>();
        for (String part : List.of("train", "validation")) {
            byPart.getOrDefault(part, Map.of()).forEach((sequence, seen) -> {
                Seen inTest = test.get(sequence);
                if (inTest != null) {
                    overlap.add(seen.where() + " (" + part + ") = " + inTest.where() + " (test)");
                }
            });
        }
        if (!overlap.isEmpty()) {
            overlap.sort(null);
            notes.add("warning: " + source + ": " + overlap.size() + " sequence(s) of train/validation also appear in"
                    + " test, so test scores may be optimistic: " + listed(overlap));
        }
        return notes;
    }

    private static String listed(List<String> items) {
        return String.join("; ", items.subList(0, Math.min(items.size(), LISTED)))
                + (items.size() > LISTED ? "; … and " + (items.size() - LISTED) + " more" : "");
    }
}
