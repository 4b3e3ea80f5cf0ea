package dev.plmlab.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where PLM inference runs. */
public enum Backend {
    /** ONNX Runtime inside the embedder (CPU, or CUDA where the GPU build is present). */
    LOCAL,
    /** A KServe v2 server such as Triton. */
    TRITON;

    /** As written in a spec and in messages. */
    @JsonValue
    public String specName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static Backend fromSpecName(String name) {
        for (Backend b : values()) {
            if (b.specName().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (local, triton)");
    }
}
