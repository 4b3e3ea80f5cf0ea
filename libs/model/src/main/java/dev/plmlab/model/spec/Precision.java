package dev.plmlab.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The element type stored features have. */
public enum Precision {
    FLOAT32,
    /** Half the storage; probes compute in float32 after reading. */
    FLOAT16;

    /** As written in a spec and in messages. */
    @JsonValue
    public String specName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Precision fromSpecName(String name) {
        for (Precision p : values()) {
            if (p.specName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + name + "' (float32, float16)");
    }
}
