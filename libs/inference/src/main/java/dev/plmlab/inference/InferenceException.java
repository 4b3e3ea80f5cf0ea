package dev.plmlab.inference;

/** A batch could not be run. */
public class InferenceException extends RuntimeException {

    /** "out of memory", "OOM", "failed to allocate", "bad allocation", "allocation failed", "insufficient memory". */
    private static final java.util.regex.Pattern MEMORY_WORDS = java.util.regex.Pattern.compile(
            "out of memory|\\boom\\b|allocat(e|ion)\\b.*fail|fail\\w*\\s+to\\s+allocate|bad[ _]alloc|insufficient memory",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private final boolean outOfMemory;

    public InferenceException(String message, boolean outOfMemory, Throwable cause) {
        super(message, cause);
        this.outOfMemory = outOfMemory;
    }

    public InferenceException(String message) {
        this(message, false, null);
    }

    /** True when the backend ran out of memory: the same rows in smaller batches may succeed. */
    public boolean outOfMemory() {
        return outOfMemory;
    }

    /**
     * Whether a backend's error message reports exhausted memory. ONNX Runtime says "Failed to allocate
     * memory" / "bad allocation"; CUDA says "out of memory"; Triton passes either through.
     */
    public static boolean mentionsMemory(String message) {
        if (message == null) {
            return false;
        }
        return MEMORY_WORDS.matcher(message).find();
    }
}
