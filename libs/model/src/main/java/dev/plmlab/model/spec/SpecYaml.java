package dev.plmlab.model.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads spec text into a tree, refusing what YAML allows but a spec must not hold: more than 1 MiB, very long
 * lines (SnakeYAML scans a long run of characters in quadratic time), control characters, anchors and aliases
 * (Jackson's streaming parser does not resolve them: {@code *all} would read as the text "all"; expanding them
 * invites alias bombs), tags, duplicate keys (YAML keeps the last silently), a second document, deep nesting and
 * numbers that do not survive the trip (out of range, {@code .nan}, {@code .inf}, octal {@code 012}).
 *
 * <p>Every error has a path: {@code (file)}, {@code (line N, column M)} or the path of the value, as
 * {@link SpecNodes} writes them.
 */
final class SpecYaml {

    /** The most a spec may hold, in UTF-8 bytes; the study's whole grid is about 5 KiB. */
    static final int MAX_BYTES = 1 << 20;
    /** The longest line, in characters. */
    static final int MAX_LINE = 65_536;
    /** Deepest nesting of lists and mappings; a spec needs 4. */
    static final int MAX_DEPTH = 32;
    /** Most values (scalars, lists and mappings) in one spec. */
    static final int MAX_VALUES = 100_000;

    private static final String STANDARD_TAG = "tag:yaml.org,2002:";
    private static final Pattern NON_FINITE = Pattern.compile("[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");

    /** The tree (null when it could not be read) and what is wrong with the text. */
    record Tree(JsonNode root, List<SpecError> errors) {
    }

    /** A number whose written form the messages should show (e.g. {@code 1e400}, {@code .nan}). */
    static final class WrittenDouble extends DoubleNode {
        private final String written;

        WrittenDouble(double value, String written) {
            super(value);
            this.written = written;
        }

        @Override
        public String asText() {
            return written;
        }
    }

    /**
     * A whole number kept with its written form, so that where a spec expects text (an all-digit sha256, a
     * name) the text is what was written. {@code plain}: written in decimal without leading zeros; YAML 1.1 reads
     * {@code 012} as octal 10 and {@code 0x2A} as 42, so the number readers refuse anything else.
     */
    static final class WrittenInteger extends BigIntegerNode {
        private final String written;
        private final boolean plain;

        WrittenInteger(BigInteger value, String written, boolean plain) {
            super(value);
            this.written = written;
            this.plain = plain;
        }

        @Override
        public String asText() {
            return written;
        }

        boolean plain() {
            return plain;
        }
    }

    /** Thrown inside the builder to stop reading; the error is already recorded. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final YAMLParser parser;
    private final List<SpecError> errors = new ArrayList<>();
    private int values;
    private String firstAnchorPath;
    private String firstAnchor;
    private int anchorsAndAliases;

    private SpecYaml(YAMLParser parser) {
        this.parser = parser;
    }

    static Tree read(String text) {
        List<SpecError> textErrors = checkText(text);
        if (!textErrors.isEmpty()) {
            return new Tree(null, textErrors);
        }
        try (YAMLParser parser = factory().createParser(text)) {
            SpecYaml reader = new SpecYaml(parser);
            JsonNode root;
            try {
                root = reader.document();
            } catch (Stop stop) {
                return new Tree(null, reader.errors);
            }
            reader.reportAnchors();
            if (root != null && root.isTextual() && root.asText().isBlank()) {
                root = null; // a lone '---'
            }
            return new Tree(root, reader.errors);
        } catch (StreamConstraintsException e) {
            return new Tree(null, List.of(new SpecError(where(e.getLocation()), "the spec exceeds a reader limit: "
                    + firstLine(e.getOriginalMessage()))));
        } catch (JsonProcessingException e) {
            return new Tree(null, List.of(new SpecError(where(e.getLocation()), syntaxMessage(e.getOriginalMessage()))));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML throws its own unchecked exceptions for some limits; the spec is still what is wrong
            return new Tree(null, List.of(new SpecError("(file)", "not valid YAML: " + firstLine(String.valueOf(e.getMessage())))));
        }
    }

    private static YAMLFactory factory() {
        // SnakeYAML's own limits. Jackson reads SnakeYAML's event stream, not its composed nodes, so the alias and
        // nesting options guard only what SnakeYAML itself checks (aliases reach us unexpanded); this class
        // enforces both on the events, with paths. Duplicate keys are allowed here only so that the builder,
        // which knows the path, reports them: Jackson's own check would stop at the first with just a line.
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setMaxAliasesForCollections(0);
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH + 1) // a backstop: the builder stops at MAX_DEPTH with a path
                .maxStringLength(MAX_BYTES)
                .maxNameLength(MAX_LINE)
                .maxDocumentLength(MAX_BYTES)
                .build();
        return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(limits).build();
    }

    static SpecError tooLarge(long bytes) {
        return new SpecError("(file)", "the spec is " + bytes + " bytes; the limit is 1 MiB (" + MAX_BYTES + " bytes)");
    }

    /** Size, line length and control characters, before the YAML parser sees the text. */
    private static List<SpecError> checkText(String text) {
        long bytes = utf8Length(text);
        if (bytes > MAX_BYTES) {
            return List.of(tooLarge(bytes));
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            if (column > MAX_LINE) {
                return List.of(new SpecError("(line " + line + ")", "line " + line + " is longer than " + MAX_LINE
                        + " characters; the limit is " + MAX_LINE + " (break long lists over several lines)"));
            }
            boolean allowed = c == '\t' || c == '\r' || (c >= 0x20 && c != 0x7F && (c < 0x80 || c > 0x9F || c == 0x85))
                    && c != 0xFFFE && c != 0xFFFF;
            if (!allowed || (c == '\uFEFF' && i > 0)) {
                return List.of(new SpecError("(line " + line + ", column " + column + ")", String.format(
                        "control character U+%04X is not allowed in a spec; write plain text", (int) c)));
            }
            if (SpecNodes.isBidiControl(c)) {
                // "Trojan Source": text that displays in another order than it reads
                return List.of(new SpecError("(line " + line + ", column " + column + ")", String.format(
                        "bidirectional control character U+%04X is not allowed in a spec; write plain text", (int) c)));
            }
            column++;
        }
        return List.of();
    }

    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private JsonNode document() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return null;
        }
        JsonNode root = value(first, "", 0);
        int documents = 1;
        JsonToken next;
        while ((next = parser.nextToken()) != null) {
            documents++;
            if (next.isStructStart()) {
                skip();
            }
        }
        if (documents > 1) {
            errors.add(new SpecError("(file)", "the spec holds " + documents
                    + " YAML documents (a line '---' starts each one after the first); write one"));
        }
        return root;
    }

    /** Skips a container without building it, still within the value and depth limits. */
    private void skip() throws IOException {
        int open = 1;
        while (open > 0) {
            JsonToken t = parser.nextToken();
            if (t == null) {
                return;
            }
            if (t.isStructStart()) {
                open++;
            } else if (t.isStructEnd()) {
                open--;
            }
        }
    }

    private JsonNode value(JsonToken token, String path, int depth) throws IOException {
        if (++values > MAX_VALUES) {
            errors.add(new SpecError("(file)", "the spec holds more than " + MAX_VALUES + " values; the limit is " + MAX_VALUES));
            throw new Stop();
        }
        String shown = path.isEmpty() ? "(file)" : path;
        checkAnchorAndTag(shown, null);
        if (parser.isCurrentAlias()) {
            noteAnchor(shown, "*" + parser.getText());
            return TextNode.valueOf(parser.getText());
        }
        switch (token) {
            case START_OBJECT -> {
                if (depth >= MAX_DEPTH) {
                    errors.add(new SpecError(shown, "nested deeper than " + MAX_DEPTH + " levels; the limit is " + MAX_DEPTH
                            + " (a spec needs 4)"));
                    throw new Stop();
                }
                return mapping(path, depth);
            }
            case START_ARRAY -> {
                if (depth >= MAX_DEPTH) {
                    errors.add(new SpecError(shown, "nested deeper than " + MAX_DEPTH + " levels; the limit is " + MAX_DEPTH
                            + " (a spec needs 4)"));
                    throw new Stop();
                }
                List<JsonNode> items = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(t, SpecNodes.item(path, items.size()), depth + 1));
                }
                return JsonNodeFactory.instance.arrayNode(items.size()).addAll(items);
            }
            case VALUE_STRING -> {
                return TextNode.valueOf(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return integer(parser.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return decimal(parser.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return BooleanNode.valueOf(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NullNode.getInstance();
            }
            default -> {
                // VALUE_EMBEDDED_OBJECT: a !!binary scalar; its tag is already reported
                return TextNode.valueOf(parser.getText());
            }
        }
    }

    private ObjectNode mapping(String path, int depth) throws IOException {
        ObjectNode map = JsonNodeFactory.instance.objectNode();
        String containerAnchor = parser.getObjectId() == null ? null : String.valueOf(parser.getObjectId());
        boolean first = true;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
            String key = parser.currentName();
            String keyPath = SpecNodes.child(path, key);
            // Jackson repeats the mapping's own anchor and tag on its first key; report only a key's own
            checkAnchorAndTag(keyPath, first ? containerAnchor : null);
            first = false;
            JsonNode value = value(parser.nextToken(), keyPath, depth + 1);
            if (map.has(key)) {
                errors.add(new SpecError(keyPath, "the key '" + SpecNodes.shown(key) + "' appears twice in "
                        + (path.isEmpty() ? "the spec" : path) + "; write it once (YAML would silently keep the last)"));
            } else {
                map.set(key, value);
            }
        }
        return map;
    }

    private void checkAnchorAndTag(String path, String inherited) throws IOException {
        Object anchor = parser.getObjectId();
        if (anchor != null && !String.valueOf(anchor).equals(inherited)) {
            noteAnchor(path, "&" + anchor);
        }
        String tag = parser.getTypeId();
        if (tag != null && inherited == null && parser.currentToken() != JsonToken.FIELD_NAME) {
            String written = tag.startsWith(STANDARD_TAG) ? "!!" + tag.substring(STANDARD_TAG.length()) : "!" + tag;
            errors.add(new SpecError(path, "YAML tags such as '" + SpecNodes.shown(written)
                    + "' are not supported in specs; write plain values (quote text that looks like a number)"));
        }
    }

    private void noteAnchor(String path, String written) {
        anchorsAndAliases++;
        if (firstAnchorPath == null) {
            firstAnchorPath = path;
            firstAnchor = written;
        }
    }

    private void reportAnchors() {
        if (firstAnchorPath != null) {
            errors.add(0, new SpecError(firstAnchorPath, "YAML anchors and aliases are not supported in specs (here '"
                    + SpecNodes.shown(firstAnchor) + "'" + (anchorsAndAliases > 1 ? ", and " + (anchorsAndAliases - 1) + " more" : "")
                    + "); write each value out"));
        }
    }

    private static JsonNode integer(String written) {
        if (!PLAIN_DECIMAL.matcher(written).matches()) {
            return new WrittenInteger(BigInteger.ZERO, written, false);
        }
        String text = written.replace("_", "");
        String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        // exact when it could matter, else a stand-in that is out of every range
        BigInteger value = digits.length() <= 100 ? new BigInteger(text) : BigInteger.TEN.pow(100);
        if (digits.length() > 100 && text.startsWith("-")) {
            value = value.negate();
        }
        return new WrittenInteger(value, written, true);
    }

    private static JsonNode decimal(String written) {
        String text = written.replace("_", "");
        if (NON_FINITE.matcher(text).matches()) {
            double v = text.toLowerCase().contains("nan") ? Double.NaN
                    : text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return new WrittenDouble(v, written);
        }
        try {
            return new WrittenDouble(Double.parseDouble(text), written);
        } catch (NumberFormatException e) {
            return TextNode.valueOf(written);
        }
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "(file)" : "(line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** SnakeYAML's messages repeat the source line with a caret; keep what was expected and found. */
    private static String syntaxMessage(String original) {
        String message = original == null ? "" : original;
        if (message.contains("Expected a field name")) {
            return message.contains("AliasEvent")
                    ? "YAML anchors and aliases are not supported in specs; write each key out"
                    : "keys must be plain text, not a list or a mapping";
        }
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("in 'reader'") || trimmed.equals("^") || line.startsWith("    ")) {
                continue;
            }
            parts.add(trimmed);
        }
        return "not valid YAML: " + SpecNodes.shown(String.join("; ", parts), 300);
    }

    private static String firstLine(String message) {
        return SpecNodes.shown(message == null ? "" : message.split("\n")[0], 300);
    }
}
