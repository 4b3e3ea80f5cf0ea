package dev.plmlab.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Typed reads of YAML nodes that record an error with its path instead of throwing. */
final class SpecNodes {

    /** Past this many errors the rest are counted, not listed: a hostile spec must not fill the heap. */
    static final int MAX_ERRORS = 100;
    /** The most entries of any one list in a spec. */
    static final int MAX_LIST = 1000;
    /** The longest text value (a path, a url, a column name); descriptions may be longer. */
    static final int MAX_TEXT = 4096;

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern NON_FINITE_TEXT = Pattern.compile("(?i)[-+]?\\.?(inf|infinity|nan)");

    private final List<SpecError> errors = new ArrayList<>();
    private int dropped;

    List<SpecError> errors() {
        if (dropped == 0) {
            return errors;
        }
        List<SpecError> all = new ArrayList<>(errors);
        all.add(new SpecError("(file)", "and " + dropped + " more error(s) not listed; fix those above and validate again"));
        return all;
    }

    void error(String path, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new SpecError(path, message));
        } else {
            dropped++;
        }
    }

    static String child(String path, String key) {
        String k = key.length() <= 60 && PLAIN_KEY.matcher(key).matches() ? key : "[\"" + shown(key, 60).replace("\"", "\\\"") + "\"]";
        if (path.isEmpty()) {
            return k;
        }
        return k.startsWith("[") ? path + k : path + "." + k;
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
                String suggestion = closest(name, allowed);
                error(child(path, name), "unknown key '" + shown(name) + "'"
                        + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                        + " (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    /** The allowed key a typo most likely meant: the same but for case, '-' for '_', or two edits away. */
    static String closest(String name, Set<String> allowed) {
        if (name.length() > 40) {
            return null;
        }
        String normal = name.toLowerCase().replace('-', '_').trim();
        String best = null;
        int bestDistance = 3;
        for (String key : sorted(allowed)) {
            int d = key.equals(normal) ? 0 : distance(normal, key);
            if (d < bestDistance && d < name.length()) {
                best = key;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }

    boolean isMap(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            error(path, "expected a mapping of keys to values, got " + describe(node));
            return false;
        }
        return true;
    }

    String string(JsonNode parent, String key, String path, boolean required) {
        return string(parent, key, path, required, MAX_TEXT, false);
    }

    /**
     * A text value: not empty, at most {@code maxLength} characters, without control characters (line breaks and
     * tabs only where {@code multiline}) or bidirectional controls. Null (with an error) when it is not.
     */
    String string(JsonNode parent, String key, String path, boolean required, int maxLength, boolean multiline) {
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
        if (text.isEmpty()) {
            if (!multiline) {
                error(p, required ? "must not be empty" : "must not be empty; leave '" + key + "' out instead");
                return null;
            }
            return text;
        }
        if (text.length() > maxLength) {
            error(p, "is " + text.length() + " characters long; the limit is " + maxLength);
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t' || c == '\r'));
            if (control || isBidiControl(c) || c == '\u2028' || c == '\u2029') {
                error(p, String.format("must not hold control characters (U+%04X at character %d)%s", (int) c, i + 1,
                        multiline ? "" : "; write it on one line"));
                return null;
            }
        }
        return text;
    }

    static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }

    String oneOf(JsonNode parent, String key, String path, List<String> allowed, String fallback) {
        String value = string(parent, key, path, false);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            error(child(path, key), "unknown value '" + shown(value) + "' (allowed: " + String.join(", ", allowed) + ")");
            return fallback;
        }
        return value;
    }

    Integer integer(JsonNode node, String path, int min) {
        return integer(node, path, min, Integer.MAX_VALUE);
    }

    /** A whole number from {@code min} to {@code max}; numbers beyond {@code long} are reported, never wrapped. */
    Integer integer(JsonNode node, String path, int min, int max) {
        if (node != null && node.isTextual() && node.asText().trim().matches("[-+]?[0-9]{1,30}")) {
            error(path, "expected a whole number, got the text " + describe(node) + "; write it without quotes");
            return null;
        }
        if (node == null || !node.isIntegralNumber()) {
            error(path, "expected a whole number, got " + describe(node));
            return null;
        }
        if (!isPlain(node, path)) {
            return null;
        }
        BigInteger value = node.bigIntegerValue();
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            error(path, "must be at least " + min + " and at most " + max + ", got " + shown(node.asText(), 60));
            return null;
        }
        return value.intValue();
    }

    /** A finite number, written as a number or as quoted decimal text; never NaN or infinite. */
    Double number(JsonNode node, String path) {
        double value;
        if (node != null && node.isTextual()) {
            String text = node.asText().trim();
            if (NON_FINITE_TEXT.matcher(text).matches()) {
                error(path, "must be a finite number, got " + describe(node));
                return null;
            }
            if (!DECIMAL.matcher(text).matches()) {
                error(path, "expected a number, got " + describe(node));
                return null;
            }
            value = Double.parseDouble(text);
        } else if (node != null && node.isNumber()) {
            if (!isPlain(node, path)) {
                return null;
            }
            value = node.asDouble();
        } else {
            error(path, "expected a number, got " + describe(node));
            return null;
        }
        if (!Double.isFinite(value)) {
            error(path, "must be a finite number, got " + describe(node));
            return null;
        }
        return value;
    }

    /** False, with an error, for a whole number YAML would read as octal, hex or binary (012, 0x2A, 0b101). */
    boolean isPlain(JsonNode node, String path) {
        if (node instanceof SpecYaml.WrittenInteger w && !w.plain()) {
            error(path, "write whole numbers in plain decimal, got '" + shown(w.asText(), 60)
                    + "' (YAML reads a leading 0 as octal and 0x, 0b as hex and binary)");
            return false;
        }
        return true;
    }

    /** A list node, or a single value read as a list of one, or null when absent. */
    List<JsonNode> list(JsonNode parent, String key, String path, boolean required) {
        return list(parent, key, path, required, null);
    }

    /**
     * As {@link #list(JsonNode, String, String, boolean)}; an empty list is an error (null is returned), with
     * {@code whenEmpty} saying what to write instead; so is a list of more than {@link #MAX_LIST} entries.
     */
    List<JsonNode> list(JsonNode parent, String key, String path, boolean required, String whenEmpty) {
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
            if (node.isEmpty()) {
                error(p, "must list at least one entry" + (whenEmpty == null ? "" : "; " + whenEmpty));
                return null;
            }
            if (node.size() > MAX_LIST) {
                error(p, "lists " + node.size() + " entries; the limit is " + MAX_LIST);
                return null;
            }
            node.forEach(items::add);
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
        return "'" + shown(node.asText()) + "'";
    }

    /** Text as a message may show it: control characters escaped, long text cut. */
    static String shown(String text) {
        return shown(text, 100);
    }

    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean invisible = type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || (type == Character.SPACE_SEPARATOR && c != ' ');
            if (Character.isISOControl(c) || isBidiControl(c) || invisible) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max && text.length() > max) {
            out.setLength(max);
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
