package dev.plmlab.science.data;

import java.util.List;

/**
 * A dataset could not be found, fetched, verified or parsed. For parse errors
 * {@link #problems()} lists every problem found (each naming file, line and cause), not only
 * the first, so that a broken file can be fixed in one go.
 */
public class DatasetException extends RuntimeException {
    private final List<String> problems;

    public DatasetException(String message) {
        this(message, (Throwable) null);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    public DatasetException(String summary, List<String> problems) {
        super(summary + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
