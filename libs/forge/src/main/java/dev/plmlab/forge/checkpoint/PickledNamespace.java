package dev.plmlab.forge.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@code argparse.Namespace} from a checkpoint: only its attributes, in pickled order. */
final class PickledNamespace {

    private final Map<String, Object> attributes = new LinkedHashMap<>();

    /** Applies a BUILD state; pickles of Namespace set attributes through a plain dict. */
    void setState(Map<?, ?> state) {
        for (Map.Entry<?, ?> e : state.entrySet()) {
            attributes.put(String.valueOf(e.getKey()), e.getValue());
        }
    }

    Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    Object get(String name) {
        return attributes.get(name);
    }

    @Override
    public String toString() {
        return "Namespace" + attributes;
    }
}
