package dev.plmlab.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameters each trained probe accepts in a spec, and the values each may take. Only what the
 * user wrote is kept; the defaults are the probe's own (libs/science), so one place states them.
 *
 * <p>Whole numbers have an upper bound as well as a lower one: a spec is untrusted input, and
 * {@code epochs: 2147483647} or {@code hidden: 2147483647} would tie up or exhaust a probe trainer long after the
 * spec was accepted; no count that a trainer divides by may be 0.
 */
final class ProbeParams {

    private enum Kind { POSITIVE_NUMBER, NON_NEGATIVE_NUMBER, FRACTION, POSITIVE_INTEGER, NON_NEGATIVE_INTEGER, CHOICE }

    private record Param(Kind kind, List<String> choices, int max) {
        static Param of(Kind kind) {
            return new Param(kind, List.of(), Integer.MAX_VALUE);
        }

        static Param upTo(Kind kind, int max) {
            return new Param(kind, List.of(), max);
        }

        static Param choice(List<String> choices) {
            return new Param(Kind.CHOICE, choices, Integer.MAX_VALUE);
        }
    }

    /** Bounds on the whole-number parameters: far above any protocol we reproduce, far below harm. */
    static final int MAX_EPOCHS = 10_000;
    static final int MAX_BATCH_SIZE = 65_536;
    static final int MAX_WIDTH = 65_536;

    private static final Map<String, Param> TRAINED_HEAD = new LinkedHashMap<>();
    private static final Map<String, Param> MLP = new LinkedHashMap<>();
    private static final Map<String, Param> CNN = new LinkedHashMap<>();

    static {
        TRAINED_HEAD.put("lr", Param.of(Kind.POSITIVE_NUMBER));
        TRAINED_HEAD.put("epochs", Param.upTo(Kind.POSITIVE_INTEGER, MAX_EPOCHS));
        TRAINED_HEAD.put("patience", Param.upTo(Kind.POSITIVE_INTEGER, MAX_EPOCHS));
        TRAINED_HEAD.put("min_epochs", Param.upTo(Kind.NON_NEGATIVE_INTEGER, MAX_EPOCHS));
        TRAINED_HEAD.put("batch_size", Param.upTo(Kind.POSITIVE_INTEGER, MAX_BATCH_SIZE));
        TRAINED_HEAD.put("weight_decay", Param.of(Kind.NON_NEGATIVE_NUMBER));
        TRAINED_HEAD.put("keep", Param.choice(List.of("best", "last")));
        MLP.putAll(TRAINED_HEAD);
        MLP.put("hidden", Param.upTo(Kind.POSITIVE_INTEGER, MAX_WIDTH));
        MLP.put("dropout", Param.of(Kind.FRACTION));
        CNN.put("architecture", Param.choice(ProbeSpec.CNN_ARCHITECTURES));
        CNN.put("epochs", Param.upTo(Kind.POSITIVE_INTEGER, MAX_EPOCHS));
        CNN.put("batch_size", Param.upTo(Kind.POSITIVE_INTEGER, MAX_BATCH_SIZE));
        CNN.put("patience", Param.upTo(Kind.NON_NEGATIVE_INTEGER, MAX_EPOCHS));
        CNN.put("filters", Param.upTo(Kind.POSITIVE_INTEGER, MAX_WIDTH));
    }

    private ProbeParams() {
    }

    /** Reads and checks the parameters of a linear, mlp or cnn probe into {@code params}. */
    static void read(String type, JsonNode node, String path, Map<String, Object> params, SpecNodes n) {
        Map<String, Param> allowed = switch (type) {
            case "mlp" -> MLP;
            case "cnn" -> CNN;
            default -> TRAINED_HEAD;
        };
        n.onlyKeys(node, path, keys(type));
        node.fields().forEachRemaining(e -> {
            Param param = allowed.get(e.getKey());
            if (param == null) {
                return;
            }
            Object value = value(param, e.getValue(), SpecNodes.child(path, e.getKey()), n);
            if (value != null) {
                params.put(e.getKey(), value);
            }
        });
    }

    /** Every key a probe of this type accepts in a spec (its parameters, type and task_types). */
    static Set<String> keys(String type) {
        Set<String> keys = new java.util.HashSet<>(switch (type) {
            case "ridge" -> Set.of("alphas");
            case "mlp" -> MLP.keySet();
            case "cnn" -> CNN.keySet();
            default -> TRAINED_HEAD.keySet();
        });
        keys.add("type");
        keys.add("task_types");
        return keys;
    }

    private static Object value(Param param, JsonNode node, String path, SpecNodes n) {
        switch (param.kind()) {
            case CHOICE -> {
                String text = node != null && node.isTextual() ? node.asText().trim() : null;
                if (text == null || !param.choices().contains(text)) {
                    n.error(path, "expected one of " + String.join(", ", param.choices()) + ", got " + SpecNodes.describe(node));
                    return null;
                }
                return text;
            }
            case POSITIVE_INTEGER, NON_NEGATIVE_INTEGER -> {
                return n.integer(node, path, param.kind() == Kind.POSITIVE_INTEGER ? 1 : 0, param.max());
            }
            default -> {
                Double v = n.number(node, path);
                if (v == null) {
                    return null;
                }
                boolean ok = switch (param.kind()) {
                    case POSITIVE_NUMBER -> v > 0 && Double.isFinite(v);
                    case NON_NEGATIVE_NUMBER -> v >= 0 && Double.isFinite(v);
                    default -> v >= 0 && v < 1;
                };
                if (!ok) {
                    n.error(path, switch (param.kind()) {
                        case POSITIVE_NUMBER -> "must be a finite number greater than 0, got " + v;
                        case NON_NEGATIVE_NUMBER -> "must be a finite number of at least 0, got " + v;
                        default -> "must be at least 0 and below 1, got " + v;
                    });
                    return null;
                }
                return v;
            }
        }
    }
}
