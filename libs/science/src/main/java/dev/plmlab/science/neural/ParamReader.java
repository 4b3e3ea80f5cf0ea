package dev.plmlab.science.neural;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a probe's parameters from a spec's map, where numbers may arrive as Integer, Long or
 * Double (YAML and JSON readers differ) and anything unknown is a spelling mistake to report.
 */
final class ParamReader {
    private final String what;
    private final Map<String, Object> params;

    ParamReader(String what, Map<String, Object> params, Set<String> allowed) {
        this.what = what;
        this.params = params == null ? Map.of() : params;
        Set<String> unknown = new TreeSet<>(this.params.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + ": unknown parameter(s) " + unknown
                    + "; known: " + new TreeSet<>(allowed));
        }
    }

    boolean has(String key) {
        return params.containsKey(key) && params.get(key) != null;
    }

    double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object value = params.get(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(what + ": " + key + " must be a number, got '" + value + "'");
    }

    int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        double value = number(key, fallback);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": " + key + " must be a whole number, got " + params.get(key));
        }
        return (int) value;
    }

    String string(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object value = params.get(key);
        if (value instanceof String s) {
            return s.trim();
        }
        throw new IllegalArgumentException(what + ": " + key + " must be a string, got '" + value + "'");
    }
}
