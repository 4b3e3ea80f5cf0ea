package dev.plmlab.model.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.plmlab.model.catalog.KnownDataset;
import dev.plmlab.model.catalog.KnownDatasets;
import dev.plmlab.model.catalog.KnownModel;
import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.catalog.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an experiment spec (YAML or JSON) and validates all of it at once, so a user sees
 * every error in one pass, each with its path in the file and what is allowed.
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
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");
    private static final List<Integer> DEFAULT_SEEDS = List.of(42);

    private SpecReader() {
    }

    public static ExperimentSpec read(Path file) throws IOException, InvalidSpecException {
        return parse(Files.readString(file));
    }

    /** Parses and validates; throws with every error found. */
    public static ExperimentSpec parse(String text) throws InvalidSpecException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "(file)" : "(line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new InvalidSpecException(List.of(new SpecError(where, "not valid YAML: " + e.getOriginalMessage())));
        }
        SpecNodes nodes = new SpecNodes();
        ExperimentSpec spec = readExperiment(root, nodes);
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

    private static ExperimentSpec readExperiment(JsonNode root, SpecNodes n) {
        if (root == null || root.isMissingNode() || !n.isMap(root, "(file)")) {
            return null;
        }
        n.onlyKeys(root, "", TOP_KEYS);
        String name = n.string(root, "name", "", true);
        if (name != null && !NAME.matcher(name).matches()) {
            n.error("name", "'" + name + "' must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String description = n.string(root, "description", "", false);

        List<TaskSpec> tasks = new ArrayList<>();
        List<JsonNode> taskNodes = n.list(root, "tasks", "", true);
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
        List<JsonNode> modelNodes = n.list(root, "models", "", true);
        if (modelNodes != null) {
            for (int i = 0; i < modelNodes.size(); i++) {
                ModelSpec model = readModel(modelNodes.get(i), SpecNodes.item("models", i), n);
                if (model != null) {
                    models.add(model);
                }
            }
        }

        List<ProbeSpec> probes = new ArrayList<>();
        List<JsonNode> probeNodes = n.list(root, "probes", "", true);
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
        Integer maxResidues = node.has("max_residues") ? n.integer(node.get("max_residues"), path + ".max_residues", 0) : null;
        String typeName = n.oneOf(node, "type", path,
                List.of(TaskType.values()).stream().map(TaskType::specName).toList(), null);
        TaskType type = typeName == null ? null : TaskType.valueOf(typeName.toUpperCase().replace('-', '_'));

        int sources = (dataset != null ? 1 : 0) + (file != null ? 1 : 0) + (url != null ? 1 : 0);
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
            return new TaskSpec(name != null ? name : dataset + "/" + split, dataset, split, null, null, null, Map.of(),
                    ds.type(), maxResidues != null ? maxResidues : ds.maxResidues());
        }
        if (url != null) {
            if (!url.startsWith("https://")) {
                n.error(path + ".url", "must start with https://, got '" + url + "'");
            }
            if (sha256 == null) {
                n.error(path + ".sha256", "required with 'url' so the download can be checked (64 lowercase hex digits)");
            }
        }
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            n.error(path + ".sha256", "must be 64 lowercase hex digits, got '" + sha256 + "'");
        }
        if (type == null) {
            n.error(path + ".type", "required for your own data (allowed: regression, classification, per-residue-classification)");
        }
        String sequences = n.string(node, "sequences", path, false);
        String mask = n.string(node, "mask", path, false);
        String source = file != null ? file : url;
        boolean fasta = source.replaceFirst("[?#].*$", "").matches("(?i).*\\.(fasta|fa|faa)$");
        if (sequences != null || mask != null || fasta) {
            checkFastaLayout(node, path, file, sequences, mask, type, n);
        }
        Map<String, String> columns = readColumns(node.get("columns"), path + ".columns", n);
        String defaultName = Path.of(source.replaceFirst("[?#].*$", "")).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new TaskSpec(name != null ? name : defaultName, null, split, file, url, sha256, columns, type,
                maxResidues != null ? maxResidues : 0, sequences, mask);
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
        List<JsonNode> variantNodes = n.list(node, "variants", path, false);
        if (variantNodes == null) {
            variants.add(Variant.PRETRAINED);
        } else {
            for (int i = 0; i < variantNodes.size(); i++) {
                String text = variantNodes.get(i).asText();
                Variant v = Variant.fromSpecName(text);
                if (v == null) {
                    n.error(SpecNodes.item(path + ".variants", i), "unknown variant '" + text + "' (allowed: " + String.join(", ", Variant.specNames()) + ")");
                } else if (!variants.contains(v)) {
                    variants.add(v);
                }
            }
        }
        List<Integer> seeds = readSeeds(node, path, n);

        List<Double> pretraining = new ArrayList<>();
        List<JsonNode> fractionNodes = n.list(node, "pretraining", path, false);
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
                } else {
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
        if (node.isTextual() && node.asText().equals("all")) {
            return LayerSelection.ALL;
        }
        if (node.isTextual() && node.asText().equals("last")) {
            return LayerSelection.LAST;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (node.isTextual()) {
            for (String part : node.asText().split(",")) {
                items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(part.trim()));
            }
        } else {
            items.add(node);
        }
        int depth = known == null ? Integer.MAX_VALUE : known.layers();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String text = item.asText().trim();
            String p = node.isArray() ? SpecNodes.item(path, i) : path;
            Matcher range = RANGE.matcher(text);
            int from;
            int to;
            if (item.isIntegralNumber() || text.matches("\\d+")) {
                from = to = Integer.parseInt(text);
            } else if (range.matches()) {
                from = Integer.parseInt(range.group(1));
                to = Integer.parseInt(range.group(2));
                if (from > to) {
                    n.error(p, "range '" + text + "' runs backwards");
                    continue;
                }
            } else {
                n.error(p, "expected 'all', 'last', a layer number or a range like '0-6', got '" + text + "'");
                continue;
            }
            if (to > depth) {
                n.error(p, "layer " + to + " does not exist: " + known.officialName() + " has layers 0-" + depth);
                continue;
            }
            for (int l = from; l <= to; l++) {
                indices.add(l);
            }
        }
        return LayerSelection.of(indices);
    }

    private static ProbeSpec readProbe(JsonNode node, String path, SpecNodes n) {
        if (node != null && node.isTextual()) {
            String type = node.asText();
            if (!PROBE_TYPES.contains(type)) {
                n.error(path, "unknown probe '" + type + "' (allowed: " + String.join(", ", PROBE_TYPES) + ")");
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
            n.error(path + ".type", "unknown probe '" + type + "' (allowed: " + String.join(", ", PROBE_TYPES) + ")");
            return null;
        }
        List<Double> alphas = List.of();
        Map<String, Object> params = new LinkedHashMap<>();
        if (type.equals("ridge")) {
            n.onlyKeys(node, path, Set.of("type", "alphas"));
            List<JsonNode> alphaNodes = n.list(node, "alphas", path, false);
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
        return new ProbeSpec(type, alphas, params);
    }

    private static List<Integer> readSeeds(JsonNode parent, String path, SpecNodes n) {
        List<JsonNode> seedNodes = n.list(parent, "seeds", path, false);
        if (seedNodes == null) {
            return DEFAULT_SEEDS;
        }
        List<Integer> seeds = new ArrayList<>();
        String base = SpecNodes.child(path, "seeds");
        for (int i = 0; i < seedNodes.size(); i++) {
            Integer s = n.integer(seedNodes.get(i), SpecNodes.item(base, i), 0);
            if (s != null && !seeds.contains(s)) {
                seeds.add(s);
            }
        }
        return seeds;
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
        Integer budget = node.has("token_budget") ? n.integer(node.get("token_budget"), "compute.token_budget", 64) : null;
        List<String> policies = List.of(LongSequencePolicy.values()).stream().map(LongSequencePolicy::specName).toList();
        String policy = n.oneOf(node, "long_sequences", "compute", policies, d.longSequences().specName());
        String precision = n.oneOf(node, "precision", "compute", List.of(Precision.values()).stream().map(Precision::specName).toList(),
                d.precision().specName());
        return new ComputeSpec(Backend.fromSpecName(backend), budget != null ? budget : d.tokenBudget(),
                LongSequencePolicy.fromSpecName(policy), Precision.fromSpecName(precision));
    }
}
