package dev.plmlab.forge.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Recognises which family an unpickled checkpoint belongs to from its layout and brings it to the form
 * {@link Checkpoint} promises: normalised config names and the reference loaders' key prefixes stripped.
 * Tensors stay unread ({@link TensorRef}) here.
 *
 * <ul>
 *   <li>CARP: a dict with {@code model_state_dict};</li>
 *   <li>ESM-2: {@code {"model", "cfg": {"model": Namespace(encoder_*)}}} (fair-esm picks it by file name; a
 *       layout check is safer because files get renamed);</li>
 *   <li>ESM-1b / ESM-1: {@code {"args": Namespace(arch=roberta_large | protein_bert_base), "model"}}.</li>
 * </ul>
 */
final class CheckpointLayout {

    /** fair-esm's ESM-1b/ESM-2 upgrade_state_dict: the first matching prefix is removed. */
    private static final Pattern ENCODER_PREFIX = Pattern.compile("^(encoder\\.sentence_encoder\\.|encoder\\.)");
    private static final List<String> CARP_CONFIG_KEYS =
            List.of("d_embed", "d_model", "n_layers", "kernel_size", "activation", "slim", "r");

    /** A recognised checkpoint whose tensors have not been read yet. */
    record Interpreted(Family family, String name, Map<String, Object> config, Map<String, TensorRef> state) {
    }

    private CheckpointLayout() {
    }

    static Interpreted interpret(Path file, String stem, Object root) throws CheckpointException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointException(file, "unknown checkpoint layout: top level is " + typeName(root) + ", not a dict");
        }
        if (top.containsKey("model_state_dict")) {
            return carp(file, stem, top);
        }
        if (top.containsKey("cfg") && top.get("model") instanceof Map<?, ?>) {
            return esm2(file, stem, top);
        }
        if (top.get("args") instanceof PickledNamespace args && top.get("model") instanceof Map<?, ?>) {
            Object arch = args.get("arch");
            if ("roberta_large".equals(arch)) {
                return esm1b(file, stem, args, top);
            }
            if ("protein_bert_base".equals(arch)) {
                return esm1(file, stem, args, top);
            }
            throw new CheckpointException(file, "unsupported fair-esm architecture args.arch='" + arch
                    + "' (plmlab reads roberta_large = ESM-1b and protein_bert_base = ESM-1)");
        }
        if (isContactRegression(top)) {
            throw new CheckpointException(file, "this is a contact-regression file, not a model checkpoint; "
                    + "read it with CheckpointReader.readContactRegression");
        }
        throw new CheckpointException(file, "unknown checkpoint layout with top-level keys " + top.keySet()
                + ": expected fair-esm ({args|cfg, model}) or CARP ({model_state_dict, d_model, ...})");
    }

    static boolean isContactRegression(Map<?, ?> top) {
        return top.get("model") instanceof Map<?, ?> model && !model.isEmpty() && !top.containsKey("args")
                && !top.containsKey("cfg")
                && model.keySet().stream().allMatch(k -> String.valueOf(k).startsWith("contact_head."));
    }

    static Map<String, TensorRef> contactRegression(Path file, Object root) throws CheckpointException {
        if (!(root instanceof Map<?, ?> top) || !isContactRegression(top)) {
            throw new CheckpointException(file, "not a contact-regression file: expected {\"model\": {contact_head.*}}");
        }
        return tensors(file, (Map<?, ?>) top.get("model"), name -> name);
    }

    private static Interpreted carp(Path file, String stem, Map<?, ?> top) throws CheckpointException {
        if (!(top.get("model_state_dict") instanceof Map<?, ?> stateDict)) {
            throw new CheckpointException(file, "CARP model_state_dict is " + typeName(top.get("model_state_dict")));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        for (String key : CARP_CONFIG_KEYS) {
            if (!top.containsKey(key)) {
                throw new CheckpointException(file, "CARP checkpoint is missing key '" + key + "'");
            }
        }
        // the file's own scalar entries; real files also hold optimizer state and counters, which are skipped
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!key.equals("model") && isScalar(e.getValue())) {
                config.put(key, e.getValue());
            }
        }
        String name = top.get("model") instanceof String s ? s : stem;
        return new Interpreted(Family.CARP, name, freeze(config), tensors(file, stateDict, key -> key));
    }

    private static Interpreted esm2(Path file, String stem, Map<?, ?> top) throws CheckpointException {
        Object modelCfg = top.get("cfg") instanceof Map<?, ?> cfg ? cfg.get("model") : null;
        Map<String, Object> raw;
        if (modelCfg instanceof PickledNamespace ns) {
            raw = ns.attributes();
        } else if (modelCfg instanceof Map<?, ?> map) {
            raw = stringKeys(map);
        } else {
            throw new CheckpointException(file, "ESM-2 layout needs cfg['model'] with encoder settings, found "
                    + typeName(modelCfg));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (isScalar(e.getValue())) {
                config.put(stripArgPrefix(e.getKey(), "encoder_"), e.getValue());
            }
        }
        requireConfig(file, config, "cfg.model.encoder_", "layers", "embed_dim", "attention_heads");
        requireConfig(file, config, "cfg.model.", "token_dropout");
        // fair-esm's ESM2 hard-codes the FFN width; any stored value is not what the model uses
        config.put("ffn_embed_dim", 4 * intValue(config.get("embed_dim")));
        Map<String, TensorRef> state = tensors(file, (Map<?, ?>) top.get("model"),
                key -> ENCODER_PREFIX.matcher(key).replaceFirst(""));
        return new Interpreted(Family.ESM2, stem, freeze(config), state);
    }

    private static Interpreted esm1b(Path file, String stem, PickledNamespace args, Map<?, ?> top)
            throws CheckpointException {
        Map<String, Object> config = argsConfig(args, "encoder_");
        requireConfig(file, config, "args.encoder_", "layers", "embed_dim", "ffn_embed_dim", "attention_heads");
        requireConfig(file, config, "args.", "max_positions");
        config.putIfAbsent("token_dropout", Boolean.FALSE);
        Map<String, TensorRef> state = tensors(file, (Map<?, ?>) top.get("model"),
                key -> ENCODER_PREFIX.matcher(key).replaceFirst(""));
        // as fair-esm: the embedding LayerNorm exists exactly when its weights are in the file
        config.put("emb_layer_norm_before", state.keySet().stream().anyMatch(k -> k.contains("emb_layer_norm_before")));
        return new Interpreted(Family.ESM1B, stem, freeze(config), state);
    }

    private static Interpreted esm1(Path file, String stem, PickledNamespace args, Map<?, ?> top)
            throws CheckpointException {
        Map<String, Object> config = argsConfig(args, "decoder_");
        requireConfig(file, config, "args.decoder_", "layers", "embed_dim", "ffn_embed_dim", "attention_heads");
        // token dropout came with ESM-1b; fair-esm reads getattr(args, "token_dropout", False)
        config.putIfAbsent("token_dropout", Boolean.FALSE);
        config.putIfAbsent("final_bias", Boolean.FALSE);
        Map<String, TensorRef> state = tensors(file, (Map<?, ?>) top.get("model"), CheckpointLayout::stripDecoder);
        return new Interpreted(Family.ESM1, stem, freeze(config), state);
    }

    /** fair-esm (ESM-1): a key containing "decoder." keeps what follows it; other keys stay as they are. */
    private static String stripDecoder(String key) {
        int at = key.indexOf("decoder.");
        return at < 0 ? key : key.substring(at + "decoder.".length());
    }

    /** fair-esm's v1 loader keeps every argument, with the encoder_/decoder_ part dropped from its name. */
    private static Map<String, Object> argsConfig(PickledNamespace args, String prefix) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.attributes().entrySet()) {
            if (isScalar(e.getValue())) {
                config.put(stripArgPrefix(e.getKey(), prefix), e.getValue());
            }
        }
        return config;
    }

    private static String stripArgPrefix(String name, String prefix) {
        int at = name.indexOf(prefix);
        return at < 0 ? name : name.substring(0, at) + name.substring(at + prefix.length());
    }

    private static void requireConfig(Path file, Map<String, Object> config, String storedPrefix, String... names)
            throws CheckpointException {
        for (String name : names) {
            Object value = config.get(name);
            if (value == null) {
                throw new CheckpointException(file, "checkpoint config is missing " + storedPrefix + name);
            }
        }
    }

    private static Map<String, TensorRef> tensors(Path file, Map<?, ?> stateDict, UnaryOperator<String> mapper)
            throws CheckpointException {
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            String stored = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof TensorRef tensor)) {
                throw new CheckpointException(file, "state dict entry " + stored + " is " + typeName(e.getValue())
                        + ", not a tensor");
            }
            String name = mapper.apply(stored);
            if (out.put(name, tensor) != null) {
                throw new CheckpointException(file, "two state dict keys map to " + name + " after prefix stripping");
            }
        }
        return out;
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static int intValue(Object value) {
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new IllegalArgumentException("embed_dim must be an integer, got " + value);
        }
        return Math.toIntExact(((Number) value).longValue());
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Map<String, Object> freeze(Map<String, Object> config) {
        return Collections.unmodifiableMap(config);
    }

    private static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Map<?, ?>) {
            return "a dict";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return value.getClass().getSimpleName();
    }
}
