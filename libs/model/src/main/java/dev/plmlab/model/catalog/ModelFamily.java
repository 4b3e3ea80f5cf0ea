package dev.plmlab.model.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What computes the features: one-hot encoding, or one of the PLM architectures. */
public enum ModelFamily {
    /** Features computed directly from the sequence; no network, no layers. */
    ONE_HOT("one-hot"),
    ESM1("esm1"),
    ESM1B("esm1b"),
    ESM2("esm2"),
    CARP("carp");

    private final String specName;

    ModelFamily(String specName) {
        this.specName = specName;
    }

    /** As written in a spec, in messages and in results. */
    @JsonValue
    public String specName() {
        return specName;
    }

    public static Optional<ModelFamily> fromSpecName(String name) {
        return Arrays.stream(values()).filter(f -> f.specName.equals(name)).findFirst();
    }

    @JsonCreator
    static ModelFamily parse(String name) {
        return fromSpecName(name).orElseThrow(() -> new IllegalArgumentException("unknown model family '" + name
                + "' (known: " + String.join(", ", specNames()) + ")"));
    }

    public static List<String> specNames() {
        return Arrays.stream(values()).map(ModelFamily::specName).toList();
    }

    @Override
    public String toString() {
        return specName;
    }
}
