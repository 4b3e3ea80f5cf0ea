package dev.plmlab.model.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The layers to probe: all of them, the last one, or explicit indices (layer 0 is the
 * embedding output). Resolved against a model's depth only when the depth is known.
 */
public record LayerSelection(Kind kind, List<Integer> indices) {

    public enum Kind { ALL, LAST, LIST }

    public static final LayerSelection ALL = new LayerSelection(Kind.ALL, List.of());
    public static final LayerSelection LAST = new LayerSelection(Kind.LAST, List.of());

    public static LayerSelection of(List<Integer> indices) {
        return new LayerSelection(Kind.LIST, List.copyOf(new TreeSet<>(indices)));
    }

    /** The sorted layer indices for a model with {@code depth} blocks (layers 0..depth). */
    public List<Integer> resolve(int depth) {
        return switch (kind) {
            case ALL -> {
                List<Integer> all = new ArrayList<>();
                for (int i = 0; i <= depth; i++) {
                    all.add(i);
                }
                yield all;
            }
            case LAST -> List.of(depth);
            case LIST -> indices;
        };
    }

    /** As written in a spec and in job ids. */
    public String specText() {
        return switch (kind) {
            case ALL -> "all";
            case LAST -> "last";
            case LIST -> indices.toString();
        };
    }
}
