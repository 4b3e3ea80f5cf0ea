package dev.plmlab.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hyperparameters each trained probe accepts in a spec, and the values each may take. Only what the
 * user wrote is kept; the defaults are the probe's own (libs/science), so one place states them.
 */
final class ProbeParams {

    private enum Kind { POSITIVE_NUMBER, NON_NEGATIVE_NUMBER, FRACTION, POSITIVE_INTEGER, NON_NEGATIVE_INTEGER, CHOICE }

    private record Param(Kind kind, List<String> choices) {
        static Param of(Kind kind) {
            return new Param(kind, List.of());
        }
    }

    private static final Map<String, Param> TRAINED_HEAD = new LinkedHashMap<>();
    private static final Map<String, Param> MLP = new LinkedHashMap<>();
    private static final Map<String, Param> CNN = new LinkedHashMap<>();

    static {
        TRAINED_HEAD.put("lr", Param.of(Kind.POSITIVE_NUMBER));
        TRAINED_HEAD.put("epochs", Param.of(Kind.POSITIVE_INTEGER));
        TRAINED_HEAD.put("patience", Param.of(Kind.POSITIVE_INTEGER));
        TRAINED_HEAD.put("min_epochs", Param.of(Kind.NON_NEGATIVE_INTEGER));
        TRAINED_HEAD.put("batch_size", Param.of(Kind.POSITIVE_INTEGER));
        TRAINED_HEAD.put("weight_decay", Param.of(Kind.NON_NEGATIVE_NUMBER));
        TRAINED_HEAD.put("keep", new Param(Kind.CHOICE, List.of("best", "last")));
        MLP.putAll(TRAINED_HEAD);
        MLP.put("hidden", Param.of(Kind.POSITIVE_INTEGER));
        MLP.put("dropout", Param.of(Kind.FRACTION));
        CNN.put("architecture", new Param(Kind.CHOICE, ProbeSpec.CNN_ARCHITECTURES));
        CNN.put("epochs", Param.of(Kind.POSITIVE_INTEGER));
        CNN.put("batch_size", Param.of(Kind.POSITIVE_INTEGER));
        CNN.put("patience", Param.of(Kind.NON_NEGATIVE_INTEGER));
        CNN.put("filters", Param.of(Kind.POSITIVE_INTEGER));
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
        Set<String> keys = new java.util.HashSet<>(allowed.keySet());
        keys.add("type");
        n.onlyKeys(node, path, keys);
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

    private static Object value(Param param, JsonNode node, String path, SpecNodes n) {
        switch (param.kind()) {
            case CHOICE -> {
                String text = node.isTextual() ? node.asText().trim() : null;
                if (text == null || !param.choices().contains(text)) {
                    n.error(path, "expected one of " + String.join(", ", param.choices()) + ", got " + SpecNodes.describe(node));
                    return null;
                }
                return text;
            }
            case POSITIVE_INTEGER, NON_NEGATIVE_INTEGER -> {
                return n.integer(node, path, param.kind() == Kind.POSITIVE_INTEGER ? 1 : 0);
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
