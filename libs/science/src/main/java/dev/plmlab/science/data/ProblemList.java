package dev.plmlab.science.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Problems found while reading one source, kept so that all of them are reported together (the
 * first {@value #REPORTED} verbatim, then a count), as one {@link DatasetException}.
 */
public final class ProblemList {
    private static final int REPORTED = 50;

    private final List<String> problems = new ArrayList<>();

    public void add(String problem) {
        problems.add(problem);
    }

    public int size() {
        return problems.size();
    }

    public void throwIfAny(String source) {
        if (problems.isEmpty()) {
            return;
        }
        int total = problems.size();
        List<String> reported = new ArrayList<>(problems.subList(0, Math.min(total, REPORTED)));
        if (total > REPORTED) {
            reported.add("... and " + (total - REPORTED) + " more");
        }
        throw new DatasetException(source + ": " + total + " problem(s)", reported);
    }
}
