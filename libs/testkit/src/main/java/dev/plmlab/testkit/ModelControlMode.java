package dev.plmlab.testkit;

import java.util.Locale;

/** Triton's {@code --model-control-mode}, the two modes the stand-in has. */
public enum ModelControlMode {
    /** Every model is loaded at start; load and unload requests are refused. */
    NONE,
    /** No model is loaded at start; clients load and unload them through the repository extension. */
    EXPLICIT;

    public static ModelControlMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model control mode '" + value + "' is not one of none, explicit");
        }
    }
}
