package dev.plmlab.cli.forge;

import java.util.Comparator;
import org.apache.commons.text.similarity.LevenshteinDistance;
import java.util.List;
import java.util.Locale;

/** Known names that look like a mistyped one: for "did you mean" hints. */
public final class NameSuggestions {

    private static final int MAX_SUGGESTIONS = 5;

    private NameSuggestions() {
    }

    /**
     * The known names closest to {@code typed}, best first: those within a few edits (ignoring case), and
     * those that contain it or are contained in it (so {@code esm2_t6} suggests {@code esm2_t6_8M_UR50D}).
     */
    public static List<String> closest(String typed, List<String> known) {
        String query = typed.toLowerCase(Locale.ROOT);
        int allowedEdits = Math.max(2, query.length() / 4);
        record Scored(String name, int distance) {
        }
        return known.stream()
                .map(name -> new Scored(name, editDistance(query, name.toLowerCase(Locale.ROOT))))
                .filter(s -> s.distance() <= allowedEdits || overlaps(query, s.name().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(MAX_SUGGESTIONS)
                .map(Scored::name)
                .toList();
    }

    private static boolean overlaps(String query, String name) {
        return query.length() >= 3 && (name.contains(query) || query.contains(name));
    }

    /** Levenshtein distance: insertions, deletions and substitutions, each costing one. */
    static int editDistance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
