package dev.plmlab.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.model.catalog.KnownDataset;
import dev.plmlab.model.catalog.KnownDatasets;
import dev.plmlab.model.catalog.KnownModel;
import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.catalog.TaskType;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an experiment spec (YAML or JSON) and validates all of it at once, so a user sees
 * every error in one pass, each with its path in the file and what is allowed.
 *
 * <p>Specs are untrusted input (the orchestrator parses what any client submits): {@link SpecYaml} bounds the
 * text and refuses YAML that would be misread; this class bounds every value that sizes later work (list
 * lengths, layer indices, probe hyperparameters) and refuses text that would be unsafe in results.csv. A spec
 * either parses or yields {@link SpecError}s; no input makes it throw anything else.
 */
public final class SpecReader {

    static final Set<String> TOP_KEYS = Set.of("name", "description", "tasks", "models", "probes", "seeds", "compute");
    static final Set<String> TASK_KEYS = Set.of("name", "dataset", "split", "file", "url", "sha256", "columns", "type", "max_residues",
            "sequences", "mask");
    static final Set<String> MODEL_KEYS = Set.of("family", "size", "checkpoint", "variants", "seeds", "pretraining", "layers", "pooling");
    static final Set<String> COMPUTE_KEYS = Set.of("backend", "token_budget", "long_sequences", "precision");
    private static final List<String> COLUMN_ROLES = List.of("sequence", "target", "labels", "set", "validation");
    private static final List<String> PROBE_TYPES = ProbeSpec.TYPES;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /**
     * Task names (and own splits) end up in results.csv: no leading {@code = + - @} (a spreadsheet would run the
     * cell as a formula), no control characters; a known dataset's default {@code dataset/split} fits.
     */
    private static final Pattern TASK_NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._/+():-]{0,99}");
    private static final String TASK_NAME_RULE = "1-100 letters, digits, spaces or . _ - / + ( ) :, starting with a letter"
            + " or digit (results.csv holds it; a leading =, +, - or @ would run as a spreadsheet formula)";
    /** The highest layer index a spec may name; the deepest catalogue model (ESM-2 15B) has 48 blocks. */
    static final int MAX_LAYER = 256;
    private static final int MAX_DESCRIPTION = 10_000;
    private static final int MAX_RESIDUES = 1_000_000;
    static final int MAX_TOKEN_BUDGET = 1 << 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final List<Integer> DEFAULT_SEEDS = List.of(42);

    private SpecReader() {
    }

    /** Reads a spec file: its size is checked before it is read, and it must be UTF-8 text. */
    public static ExperimentSpec read(Path file) throws IOException, InvalidSpecException {
        return parse(readText(file));
    }

    /** A spec file's text, for callers that send it on: size checked before reading, UTF-8 required. */
    public static String readText(Path file) throws IOException, InvalidSpecException {
        long size = Files.size(file);
        if (size > SpecYaml.MAX_BYTES) {
            throw new InvalidSpecException(List.of(SpecYaml.tooLarge(size)));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSpecException(List.of(new SpecError("(file)", "the spec is not UTF-8 text; save it as UTF-8")));
        }
        return text;
    }

    /** Parses and validates; throws with every error found. */
    public static ExperimentSpec parse(String text) throws InvalidSpecException {
        if (text == null) {
            throw new InvalidSpecException(List.of(new SpecError("(file)", EMPTY)));
        }
        SpecYaml.Tree tree = SpecYaml.read(text);
        if (!tree.errors().isEmpty()) {
            // the tree is not what the user meant (or not there): checking its values would only mislead
            throw new InvalidSpecException(tree.errors());
        }
        SpecNodes nodes = new SpecNodes();
        ExperimentSpec spec;
        try {
            spec = readExperiment(tree.root(), nodes);
        } catch (RuntimeException e) {
            // a defect of these checks, not of the spec; a service must still get an answer, not an exception
            nodes.error("(file)", "internal error while checking the spec (" + e.getClass().getSimpleName()
                    + "); please report it with the spec");
            spec = null;
        }
        if (!nodes.errors().isEmpty()) {
            throw new InvalidSpecException(nodes.errors());
        }
        return spec;
    }

    /** The errors of a spec, empty when it is valid. */
    public static List<SpecError> validate(String text) {
        try {
            parse(text);
            return List.of();
        } catch (InvalidSpecException e) {
            return e.errors();
        }
    }

    private static final String EMPTY = "the spec is empty; write a mapping with name, tasks, models and probes"
            + " (examples/ has some)";

    private static ExperimentSpec readExperiment(JsonNode root, SpecNodes n) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            n.error("(file)", EMPTY);
            return null;
        }
        if (!n.isMap(root, "(file)")) {
            return null;
        }
        n.onlyKeys(root, "", TOP_KEYS);
        String name = n.string(root, "name", "", true);
        if (name != null && !NAME.matcher(name).matches()) {
            n.error("name", "'" + SpecNodes.shown(name) + "' must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String description = n.string(root, "description", "", false, MAX_DESCRIPTION, true);

        List<TaskSpec> tasks = new ArrayList<>();
        List<JsonNode> taskNodes = n.list(root, "tasks", "", true, null);
        if (taskNodes != null) {
            Set<String> taskNames = new HashSet<>();
            for (int i = 0; i < taskNodes.size(); i++) {
                String path = SpecNodes.item("tasks", i);
                TaskSpec task = readTask(taskNodes.get(i), path, n);
                if (task != null) {
                    if (!taskNames.add(task.name())) {
                        n.error(path + ".name", "task name '" + task.name() + "' is used twice; give each task its own name");
                    }
                    tasks.add(task);
                }
            }
        }

        List<ModelSpec> models = new ArrayList<>();
        List<JsonNode> modelNodes = n.list(root, "models", "", true, null);
        if (modelNodes != null) {
            for (int i = 0; i < modelNodes.size(); i++) {
                ModelSpec model = readModel(modelNodes.get(i), SpecNodes.item("models", i), n);
                if (model != null) {
                    models.add(model);
                }
            }
        }

        List<ProbeSpec> probes = new ArrayList<>();
        List<JsonNode> probeNodes = n.list(root, "probes", "", true, null);
        if (probeNodes != null) {
            for (int i = 0; i < probeNodes.size(); i++) {
                ProbeSpec probe = readProbe(probeNodes.get(i), SpecNodes.item("probes", i), n);
                if (probe != null) {
                    probes.add(probe);
                }
            }
        }

        List<Integer> seeds = readSeeds(root, "", n);
        ComputeSpec compute = readCompute(root.get("compute"), n);
        GridCompatibility.check(tasks, models, probes, n);
        return new ExperimentSpec(name, description, tasks, models, probes, seeds, compute);
    }

    private static TaskSpec readTask(JsonNode node, String path, SpecNodes n) {
        if (!n.isMap(node, path)) {
            return null;
        }
        n.onlyKeys(node, path, TASK_KEYS);
        String dataset = n.string(node, "dataset", path, false);
        String split = n.string(node, "split", path, false);
        String file = n.string(node, "file", path, false);
        String url = n.string(node, "url", path, false);
        String sha256 = n.string(node, "sha256", path, false);
        String name = n.string(node, "name", path, false);
        Integer maxResidues = node.has("max_residues")
                ? n.integer(node.get("max_residues"), path + ".max_residues", 0, MAX_RESIDUES) : null;
        String typeName = n.oneOf(node, "type", path,
                List.of(TaskType.values()).stream().map(TaskType::specName).toList(), null);
        TaskType type = typeName == null ? null : TaskType.valueOf(typeName.toUpperCase().replace('-', '_'));

        int sources = (node.hasNonNull("dataset") ? 1 : 0) + (node.hasNonNull("file") ? 1 : 0) + (node.hasNonNull("url") ? 1 : 0);
        if (sources == 1 && dataset == null && file == null && url == null) {
            return null; // the one source given is not valid text, already reported
        }
        if (sources != 1) {
            n.error(path, sources == 0
                    ? "name a known 'dataset' (" + String.join(", ", KnownDatasets.names()) + ") or give your own 'file' or 'url'"
                    : "give only one of 'dataset', 'file' or 'url'");
            return null;
        }
        if (dataset != null) {
            Optional<KnownDataset> known = KnownDatasets.find(dataset);
            if (known.isEmpty()) {
                n.error(path + ".dataset", "unknown dataset '" + dataset + "' (known: " + String.join(", ", KnownDatasets.names()) + ")");
                return null;
            }
            KnownDataset ds = known.get();
            if (split == null) {
                n.error(path + ".split", "required for " + dataset + " (known: " + String.join(", ", ds.splits()) + ")");
                return null;
            }
            if (!ds.splits().contains(split)) {
                n.error(path + ".split", "unknown split '" + split + "' for " + dataset + " (known: " + String.join(", ", ds.splits()) + ")");
                return null;
            }
            if (type != null && type != ds.type()) {
                n.error(path + ".type", dataset + " is a " + ds.type().specName() + " task; leave 'type' out for known datasets");
            }
            for (String k : List.of("columns", "sha256", "sequences", "mask")) {
                if (node.has(k)) {
                    n.error(path + "." + k, "only for your own 'file' or 'url'; known datasets are checked by plmlab");
                }
            }
            String taskName = checkTaskName(name, dataset + "/" + split, path, n);
            return new TaskSpec(taskName, dataset, split, null, null, null, Map.of(),
                    ds.type(), maxResidues != null ? maxResidues : ds.maxResidues());
        }
        if (url != null) {
            checkUrl(url, path + ".url", n);
            if (sha256 == null) {
                n.error(path + ".sha256", "required with 'url' so the download can be checked (64 lowercase hex digits)");
            }
        }
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            n.error(path + ".sha256", "must be 64 lowercase hex digits, got '" + SpecNodes.shown(sha256) + "'");
        }
        if (split != null && !TASK_NAME.matcher(split).matches()) {
            n.error(path + ".split", "'" + SpecNodes.shown(split) + "' must be " + TASK_NAME_RULE);
        }
        if (type == null) {
            n.error(path + ".type", "required for your own data (allowed: regression, classification, per-residue-classification)");
        }
        String sequences = n.string(node, "sequences", path, false);
        String mask = n.string(node, "mask", path, false);
        for (String[] f : new String[][] {{"file", file}, {"sequences", sequences}, {"mask", mask}}) {
            if (f[1] != null && fileName(f[1]) == null) {
                n.error(path + "." + f[0], "must name a file, got '" + SpecNodes.shown(f[1]) + "'");
            }
        }
        String source = file != null ? file : url;
        boolean fasta = source.replaceFirst("[?#].*$", "").matches("(?i).*\\.(fasta|fa|faa)$");
        if (sequences != null || mask != null || fasta) {
            checkFastaLayout(node, path, file, sequences, mask, type, n);
        }
        Map<String, String> columns = readColumns(node.get("columns"), path + ".columns", n);
        String sourceName = fileName(source.replaceFirst("[?#].*$", ""));
        String defaultName = sourceName == null ? null : sourceName.replaceFirst("\\.[^.]*$", "");
        String taskName = checkTaskName(name, defaultName, path, n);
        return new TaskSpec(taskName, null, split, file, url, sha256, columns, type,
                maxResidues != null ? maxResidues : 0, sequences, mask);
    }

    /** The task's name, given or defaulted, when it is safe to write to results.csv; else an error. */
    private static String checkTaskName(String given, String fallback, String path, SpecNodes n) {
        if (given != null) {
            if (!TASK_NAME.matcher(given).matches()) {
                n.error(path + ".name", "task name '" + SpecNodes.shown(given) + "' must be " + TASK_NAME_RULE);
            }
            return given;
        }
        if (fallback == null || !TASK_NAME.matcher(fallback).matches()) {
            n.error(path + ".name", (fallback == null
                    ? "required here: no name can be taken from the file name"
                    : "required here: the default name '" + SpecNodes.shown(fallback) + "' (from the file name) does not fit")
                    + "; a task name must be " + TASK_NAME_RULE);
        }
        return fallback;
    }

    /** The last segment of a path or URL, or null when there is none (e.g. "/", "a/.."). */
    static String fileName(String path) {
        String trimmed = path.endsWith("/") || path.endsWith("\\") ? "" : path;
        int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
        String last = trimmed.substring(slash + 1);
        return last.isEmpty() || last.equals(".") || last.equals("..") ? null : last;
    }

    private static void checkUrl(String url, String path, SpecNodes n) {
        if (!url.startsWith("https://")) {
            n.error(path, "must start with https://, got '" + SpecNodes.shown(url) + "'");
            return;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                n.error(path, "names no host: '" + SpecNodes.shown(url) + "' (expected https://host/path)");
            } else if (uri.getRawUserInfo() != null) {
                // a spec is logged, stored and hashed into job ids: no place for a password
                n.error(path, "must not hold a user name or password (user:password@); give a URL that needs none");
            }
        } catch (URISyntaxException e) {
            n.error(path, "is not a valid URL ('" + SpecNodes.shown(url) + "'): " + SpecNodes.shown(e.getReason()));
        }
    }

    /** FLIP's per-residue FASTA layout: a labels FASTA in 'file', the residues in 'sequences', an optional 'mask'. */
    private static void checkFastaLayout(JsonNode node, String path, String file, String sequences, String mask,
                                         TaskType type, SpecNodes n) {
        if (file == null) {
            n.error(path + ".url", "the per-residue FASTA layout reads local files: give the labels FASTA as 'file'");
        }
        if (sequences == null) {
            n.error(path + ".sequences", "required with a labels FASTA in 'file': the FASTA of the residues, same ids");
        }
        if (mask != null && sequences == null) {
            n.error(path + ".mask", "only with 'sequences' (FLIP's per-residue FASTA layout)");
        }
        if (type != null && type != TaskType.PER_RESIDUE_CLASSIFICATION) {
            n.error(path + ".type", "a labels FASTA with 'sequences' is a per-residue-classification task, not " + type.specName());
        }
        if (node.has("columns")) {
            n.error(path + ".columns", "only for CSV files; the FASTA layout has no columns");
        }
    }

    private static Map<String, String> readColumns(JsonNode node, String path, SpecNodes n) {
        // defaults: each role's column carries the role's name
        Map<String, String> columns = new LinkedHashMap<>();
        for (String role : COLUMN_ROLES) {
            columns.put(role, role);
        }
        if (node == null) {
            return columns;
        }
        if (!n.isMap(node, path)) {
            return columns;
        }
        n.onlyKeys(node, path, Set.copyOf(COLUMN_ROLES));
        node.fields().forEachRemaining(e -> {
            if (COLUMN_ROLES.contains(e.getKey())) {
                String column = n.string(node, e.getKey(), path, true);
                if (column != null) {
                    columns.put(e.getKey(), column);
                }
            }
        });
        return columns;
    }

    private static ModelSpec readModel(JsonNode node, String path, SpecNodes n) {
        if (!n.isMap(node, path)) {
            return null;
        }
        n.onlyKeys(node, path, MODEL_KEYS);
        String familyName = n.string(node, "family", path, true);
        if (familyName == null) {
            return null;
        }
        ModelFamily family = ModelFamily.fromSpecName(familyName).orElse(null);
        if (family == null) {
            n.error(path + ".family", "unknown family '" + familyName + "' (known: " + String.join(", ", ModelFamily.specNames()) + ")");
            return null;
        }
        String size = n.string(node, "size", path, false);
        String checkpoint = n.string(node, "checkpoint", path, false);
        String poolingName = n.oneOf(node, "pooling", path, List.of("mean", "none"), null);
        Pooling pooling = poolingName == null ? null : Pooling.valueOf(poolingName.toUpperCase());

        if (family == ModelFamily.ONE_HOT) {
            for (String k : List.of("size", "checkpoint", "variants", "seeds", "pretraining", "layers")) {
                if (node.has(k)) {
                    n.error(path + "." + k, "does not apply to one-hot features");
                }
            }
            return new ModelSpec(family, null, null, List.of(Variant.PRETRAINED), List.of(), List.of(1.0),
                    LayerSelection.of(List.of(0)), pooling);
        }

        if (checkpoint != null && fileName(checkpoint) == null) {
            n.error(path + ".checkpoint", "must name a file, got '" + SpecNodes.shown(checkpoint) + "'");
        }
        KnownModel known = null;
        if (size != null && checkpoint != null) {
            n.error(path, "give either 'size' (an official model) or 'checkpoint' (your own file), not both");
        } else if (size == null && checkpoint == null) {
            n.error(path + ".size", "required for " + family + " (known: " + String.join(", ", KnownModels.sizes(family)) + ")");
        } else if (size != null) {
            known = KnownModels.find(family, size).orElse(null);
            if (known == null) {
                n.error(path + ".size", "unknown size '" + size + "' for " + family + " (known: " + String.join(", ", KnownModels.sizes(family)) + ")");
            }
        }

        List<Variant> variants = new ArrayList<>();
        List<JsonNode> variantNodes = n.list(node, "variants", path, false, "leave 'variants' out for [pretrained]");
        if (variantNodes == null) {
            variants.add(Variant.PRETRAINED);
        } else {
            for (int i = 0; i < variantNodes.size(); i++) {
                JsonNode item = variantNodes.get(i);
                Variant v = item.isTextual() ? Variant.fromSpecName(item.asText().trim()) : null;
                if (v == null) {
                    n.error(SpecNodes.item(path + ".variants", i), (item.isValueNode() ? "unknown variant " : "expected a variant name, got ")
                            + SpecNodes.describe(item) + " (allowed: " + String.join(", ", Variant.specNames()) + ")");
                } else if (!variants.contains(v)) {
                    variants.add(v);
                }
            }
        }
        List<Integer> seeds = readSeeds(node, path, n);

        List<Double> pretraining = new ArrayList<>();
        List<JsonNode> fractionNodes = n.list(node, "pretraining", path, false,
                "leave 'pretraining' out for the released model (1.0)");
        if (fractionNodes == null) {
            pretraining.add(1.0);
        } else {
            for (int i = 0; i < fractionNodes.size(); i++) {
                String p = SpecNodes.item(path + ".pretraining", i);
                Double f = n.number(fractionNodes.get(i), p);
                if (f == null) {
                    continue;
                }
                if (known != null && !known.pretrainingFractions().contains(f)) {
                    n.error(p, "no published checkpoint at " + f + " of pretraining for " + known.officialName()
                            + " (published: " + known.pretrainingFractions() + ")");
                } else if (known == null && f != 1.0) {
                    n.error(p, "only 1.0 (the given checkpoint) applies to a local checkpoint");
                } else if (!pretraining.contains(f)) {
                    pretraining.add(f);
                }
            }
        }
        LayerSelection layers = readLayers(node.get("layers"), path + ".layers", known, n);
        return new ModelSpec(family, size, checkpoint, variants, seeds, pretraining, layers, pooling);
    }

    private static LayerSelection readLayers(JsonNode node, String path, KnownModel known, SpecNodes n) {
        if (node == null || node.isNull()) {
            return LayerSelection.ALL;
        }
        if (node.isTextual() && node.asText().trim().equals("all")) {
            return LayerSelection.ALL;
        }
        if (node.isTextual() && node.asText().trim().equals("last")) {
            return LayerSelection.LAST;
        }
        String expected = "'all', 'last', a layer number or a range like '0-6'";
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            if (node.isEmpty()) {
                n.error(path, "must list at least one layer; write 'all' for every layer or leave 'layers' out");
                return LayerSelection.ALL;
            }
            if (node.size() > SpecNodes.MAX_LIST) {
                n.error(path, "lists " + node.size() + " entries; the limit is " + SpecNodes.MAX_LIST);
                return LayerSelection.ALL;
            }
            node.forEach(items::add);
        } else if (node.isTextual()) {
            if (node.asText().isBlank()) {
                n.error(path, "must not be empty; write " + expected + ", or leave 'layers' out for all");
                return LayerSelection.ALL;
            }
            for (String part : node.asText().split(",", -1)) {
                items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(part.trim()));
            }
        } else if (node.isIntegralNumber()) {
            items.add(node);
        } else {
            n.error(path, "expected " + expected + ", got " + SpecNodes.describe(node));
            return LayerSelection.ALL;
        }
        int depth = known == null ? MAX_LAYER : known.layers();
        String limit = known == null
                ? "layer indices run from 0 to " + MAX_LAYER
                : known.officialName() + " has layers 0-" + depth;
        BitSet indices = new BitSet();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String p = node.isArray() ? SpecNodes.item(path, i) : path;
            // every number is checked against the limit before any range is expanded
            BigInteger from;
            BigInteger to;
            if (item.isIntegralNumber()) {
                if (!n.isPlain(item, p)) {
                    ok = false;
                    continue;
                }
                from = to = item.bigIntegerValue();
            } else if (item.isTextual() && DIGITS.matcher(item.asText().trim()).matches()) {
                from = to = new BigInteger(item.asText().trim());
            } else if (item.isTextual() && RANGE.matcher(item.asText().trim()).matches()) {
                Matcher range = RANGE.matcher(item.asText().trim());
                range.matches();
                from = new BigInteger(range.group(1));
                to = new BigInteger(range.group(2));
                if (from.compareTo(to) > 0) {
                    n.error(p, "range '" + SpecNodes.shown(item.asText().trim()) + "' runs backwards");
                    ok = false;
                    continue;
                }
            } else {
                String text = item.isTextual() ? item.asText().trim() : null;
                n.error(p, text != null && (text.equals("all") || text.equals("last"))
                        ? "'" + text + "' stands alone: write layers: " + text
                        : "expected " + expected + ", got " + SpecNodes.describe(item));
                ok = false;
                continue;
            }
            if (from.signum() < 0) {
                n.error(p, "layer " + SpecNodes.shown(from.toString(), 40) + " does not exist: layers start at 0 (the embedding output)");
                ok = false;
                continue;
            }
            if (to.compareTo(BigInteger.valueOf(depth)) > 0) {
                n.error(p, "layer " + SpecNodes.shown(to.toString(), 40) + " does not exist: " + limit);
                ok = false;
                continue;
            }
            indices.set(from.intValueExact(), to.intValueExact() + 1);
        }
        if (!ok) {
            return LayerSelection.ALL;
        }
        return LayerSelection.of(indices.stream().boxed().toList());
    }

    private static ProbeSpec readProbe(JsonNode node, String path, SpecNodes n) {
        if (node != null && node.isTextual()) {
            String type = node.asText().trim();
            if (!PROBE_TYPES.contains(type)) {
                n.error(path, "unknown probe '" + SpecNodes.shown(type) + "' (allowed: " + String.join(", ", PROBE_TYPES) + ")");
                return null;
            }
            return new ProbeSpec(type, type.equals("ridge") ? ProbeSpec.DEFAULT_ALPHAS : List.of(), Map.of());
        }
        if (!n.isMap(node, path)) {
            return null;
        }
        String type = n.string(node, "type", path, true);
        if (type == null) {
            return null;
        }
        if (!PROBE_TYPES.contains(type)) {
            n.error(path + ".type", "unknown probe '" + SpecNodes.shown(type) + "' (allowed: " + String.join(", ", PROBE_TYPES) + ")");
            return null;
        }
        List<Double> alphas = List.of();
        Map<String, Object> params = new LinkedHashMap<>();
        if (type.equals("ridge")) {
            n.onlyKeys(node, path, ProbeParams.keys("ridge"));
            List<JsonNode> alphaNodes = n.list(node, "alphas", path, false,
                    "leave 'alphas' out for the reference's grid 0.001, 0.01, 0.1, 1, 10");
            if (alphaNodes == null) {
                alphas = ProbeSpec.DEFAULT_ALPHAS;
            } else {
                List<Double> values = new ArrayList<>();
                for (int i = 0; i < alphaNodes.size(); i++) {
                    String p = SpecNodes.item(path + ".alphas", i);
                    Double a = n.number(alphaNodes.get(i), p);
                    if (a != null && !(a > 0)) {
                        n.error(p, "alpha must be greater than 0, got " + a);
                    } else if (a != null) {
                        values.add(a);
                    }
                }
                alphas = values;
            }
        } else {
            ProbeParams.read(type, node, path, params, n);
        }
        List<TaskType> taskTypes = readTaskTypes(node, path, type, n);
        return new ProbeSpec(type, alphas, params, taskTypes);
    }

    /** A probe's optional {@code task_types}: the task types it runs on, each one it fits; null when not given. */
    private static List<TaskType> readTaskTypes(JsonNode node, String path, String probeType, SpecNodes n) {
        List<String> allowed = List.of(TaskType.values()).stream().map(TaskType::specName).toList();
        List<JsonNode> items = n.list(node, "task_types", path, false,
                "leave 'task_types' out to run the probe on every task it fits (allowed: " + String.join(", ", allowed) + ")");
        if (items == null) {
            return null;
        }
        ProbeSpec unrestricted = new ProbeSpec(probeType, List.of(), Map.of());
        Set<TaskType> types = EnumSet.noneOf(TaskType.class);
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String p = SpecNodes.item(path + ".task_types", i);
            JsonNode item = items.get(i);
            String text = item.isTextual() ? item.asText().trim() : null;
            if (text == null || !allowed.contains(text)) {
                n.error(p, "unknown task type " + SpecNodes.describe(item) + " (allowed: " + String.join(", ", allowed) + ")");
                ok = false;
                continue;
            }
            TaskType type = TaskType.valueOf(text.toUpperCase().replace('-', '_'));
            if (!unrestricted.fits(type)) {
                n.error(p, probeType + " does not fit " + text + " tasks; it fits " + unrestricted.fitsDescription());
                ok = false;
                continue;
            }
            types.add(type);
        }
        // unrestricted when an entry is wrong (already reported), so the grid checks add no follow-on errors
        return ok ? List.copyOf(types) : null;
    }

    private static List<Integer> readSeeds(JsonNode parent, String path, SpecNodes n) {
        List<JsonNode> seedNodes = n.list(parent, "seeds", path, false, "leave 'seeds' out for the default [42]");
        if (seedNodes == null) {
            return DEFAULT_SEEDS;
        }
        Set<Integer> seeds = new LinkedHashSet<>();
        String base = SpecNodes.child(path, "seeds");
        for (int i = 0; i < seedNodes.size(); i++) {
            Integer s = n.integer(seedNodes.get(i), SpecNodes.item(base, i), 0, Integer.MAX_VALUE);
            if (s != null) {
                seeds.add(s);
            }
        }
        return List.copyOf(seeds);
    }

    private static ComputeSpec readCompute(JsonNode node, SpecNodes n) {
        ComputeSpec d = ComputeSpec.DEFAULT;
        if (node == null || node.isNull()) {
            return d;
        }
        if (!n.isMap(node, "compute")) {
            return d;
        }
        n.onlyKeys(node, "compute", COMPUTE_KEYS);
        String backend = n.oneOf(node, "backend", "compute", List.of(Backend.values()).stream().map(Backend::specName).toList(),
                d.backend().specName());
        Integer budget = node.has("token_budget")
                ? n.integer(node.get("token_budget"), "compute.token_budget", 64, MAX_TOKEN_BUDGET) : null;
        List<String> policies = List.of(LongSequencePolicy.values()).stream().map(LongSequencePolicy::specName).toList();
        String policy = n.oneOf(node, "long_sequences", "compute", policies, d.longSequences().specName());
        String precision = n.oneOf(node, "precision", "compute", List.of(Precision.values()).stream().map(Precision::specName).toList(),
                d.precision().specName());
        return new ComputeSpec(Backend.fromSpecName(backend), budget != null ? budget : d.tokenBudget(),
                LongSequencePolicy.fromSpecName(policy), Precision.fromSpecName(precision));
    }
}
