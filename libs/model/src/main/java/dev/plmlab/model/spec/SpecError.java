package dev.plmlab.model.spec;

/**
 * One problem in a spec.
 *
 * @param path    where, e.g. {@code tasks[2].split}
 * @param message what is wrong and what is allowed
 */
public record SpecError(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
