package dev.plmlab.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed reads of YAML nodes that record an error with its path instead of throwing. */
final class SpecNodes {

    private final List<SpecError> errors = new ArrayList<>();

    List<SpecError> errors() {
        return errors;
    }

    void error(String path, String message) {
        errors.add(new SpecError(path, message));
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** Flags keys that are not in {@code allowed}; typos are the commonest spec error. */
    void onlyKeys(JsonNode map, String path, Set<String> allowed) {
        Iterator<String> names = map.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                error(child(path, name), "unknown key '" + name + "' (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    boolean isMap(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            error(path, "expected a mapping of keys to values, got " + describe(node));
            return false;
        }
        return true;
    }

    String string(JsonNode parent, String key, String path, boolean required) {
        JsonNode node = parent.get(key);
        String p = child(path, key);
        if (node == null || node.isNull()) {
            if (required) {
                error(p, "required");
            }
            return null;
        }
        if (!node.isValueNode() || node.isBoolean()) {
            error(p, "expected text, got " + describe(node));
            return null;
        }
        String text = node.asText().trim();
        if (text.isEmpty() && required) {
            error(p, "must not be empty");
            return null;
        }
        return text;
    }

    String oneOf(JsonNode parent, String key, String path, List<String> allowed, String fallback) {
        String value = string(parent, key, path, false);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            error(child(path, key), "unknown value '" + value + "' (allowed: " + String.join(", ", allowed) + ")");
            return fallback;
        }
        return value;
    }

    Integer integer(JsonNode node, String path, int min) {
        if (node == null || !node.isIntegralNumber()) {
            error(path, "expected a whole number, got " + describe(node));
            return null;
        }
        long value = node.asLong();
        if (value < min || value > Integer.MAX_VALUE) {
            error(path, "must be at least " + min + " and at most " + Integer.MAX_VALUE + ", got " + value);
            return null;
        }
        return (int) value;
    }

    Double number(JsonNode node, String path) {
        if (node != null && node.isTextual()) {
            try {
                return Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        if (node == null || !node.isNumber()) {
            error(path, "expected a number, got " + describe(node));
            return null;
        }
        return node.asDouble();
    }

    /** A list node, or a single value read as a list of one, or null when absent. */
    List<JsonNode> list(JsonNode parent, String key, String path, boolean required) {
        JsonNode node = parent.get(key);
        String p = child(path, key);
        if (node == null || node.isNull()) {
            if (required) {
                error(p, "required (a list)");
            }
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
            if (items.isEmpty() && required) {
                error(p, "must list at least one entry");
            }
        } else if (node.isValueNode()) {
            items.add(node);
        } else {
            error(p, "expected a list, got " + describe(node));
            return null;
        }
        return items;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return "'" + node.asText() + "' (a yes/no value)";
        }
        return "'" + node.asText() + "'";
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
