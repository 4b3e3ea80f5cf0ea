package dev.plmlab.cli.plan;

import dev.plmlab.forge.catalogue.ModelCatalogue;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.catalog.KnownDatasets;
import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.data.Example;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.plan.GridPlanner;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.model.spec.TaskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What running a spec would do, before anything runs: the jobs of every stage as the orchestrator would issue
 * them, how many are already stored in a local state folder, the sequences and tokens to embed, the storage
 * the features take and the time at the project's measured throughputs. The jobs come from {@link GridPlanner}
 * itself, stage by stage as {@code ExperimentRun} asks for them: where an input is not stored yet, a clearly
 * named placeholder stands in for the output the previous stage would announce (a dataset's content hash, an
 * embedding's features id), which changes the ids but not the number of jobs.
 */
public final class ExperimentPlan {

    /** The experiment id the planner is given; no job id depends on it. */
    static final String PLAN_ID = "plan";
    /** Stands in for {@link DatasetReady#contentSha256()} of a dataset that is not prepared yet, followed by its job id. */
    public static final String CONTENT_PLACEHOLDER = "placeholder-content-of-";
    /** Stands in for {@link EmbeddingsReady#featuresId()} of an embedding job that is not stored yet, followed by its job id. */
    public static final String FEATURES_PLACEHOLDER = "placeholder-features-of-";

    /** One dataset job and the tasks that share it. */
    public record DatasetLine(String jobId, List<String> tasks, DatasetStats stats, boolean stored, boolean reusable) {
    }

    /**
     * The jobs of one stage.
     *
     * @param undetermined jobs whose ids need an output of the stage before that is not stored, so they cannot be
     *                     looked up (not stored either, until that output exists)
     */
    public record Stage(String name, int total, int stored, int undetermined) {
    }

    /**
     * One model (at one pretraining checkpoint) over every task: its embedding jobs (variants x seeds), tokens
     * through the network, and storage.
     *
     * @param width      D, or for pooled one-hot the widest flattened row; 0 while unknown
     * @param layerBytes one layer (one index) of every job of this model, all parts
     * @param allBytes   every stored layer of every job; null while the depth is unknown
     * @param seconds    inference time of the jobs not stored yet at the measured throughput; null while unknown
     * @param exact      false when a dataset's size is an estimate
     */
    public record ModelLine(String label, ModelFamily family, int width, String layers, int jobs, int storedJobs,
                            long tokens, long layerBytes, Long allBytes, Double seconds, boolean exact) {
    }

    /** A local checkpoint whose depth is not known here, so its probe jobs cannot be counted. */
    public record UnknownDepth(String label, int embeddingJobs, int probesPerLayer, String note) {
    }

    /** Probe jobs of one probe type on tasks of one type, and their estimated time (NaN: not estimated). */
    public record ProbeLine(String probe, TaskType taskType, int jobs, double seconds, boolean exact) {
    }

    private final ExperimentSpec spec;
    private final Path state;
    private final boolean statePresent;
    private final Throughput throughput;
    private final List<DatasetLine> datasets = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private final Map<String, ModelLine> models = new LinkedHashMap<>();
    private final Map<String, ProbeLine> probes = new LinkedHashMap<>();
    private final Map<ModelFamily, Integer> experimentsByFamily = new LinkedHashMap<>();
    private final List<Integer> experimentsPerTask = new ArrayList<>();
    private final Map<String, UnknownDepth> unknownDepth = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private ExperimentPlan(ExperimentSpec spec, Path state, boolean statePresent, Throughput throughput) {
        this.spec = spec;
        this.state = state;
        this.statePresent = statePresent;
        this.throughput = throughput;
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public Path state() {
        return state;
    }

    public boolean statePresent() {
        return statePresent;
    }

    public Throughput throughput() {
        return throughput;
    }

    public List<DatasetLine> datasets() {
        return datasets;
    }

    public List<Stage> stages() {
        return stages;
    }

    public Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    public List<ModelLine> models() {
        return List.copyOf(models.values());
    }

    public List<ProbeLine> probes() {
        return List.copyOf(probes.values());
    }

    public Map<ModelFamily, Integer> experimentsByFamily() {
        return experimentsByFamily;
    }

    public int experiments() {
        return experimentsPerTask.stream().mapToInt(Integer::intValue).sum();
    }

    /** Experiments of each task in spec order. */
    public List<Integer> experimentsPerTask() {
        return experimentsPerTask;
    }

    public List<UnknownDepth> unknownDepth() {
        return List.copyOf(unknownDepth.values());
    }

    public List<String> notes() {
        return notes;
    }

    /** What one embedding job is, with everything its size needs. */
    private record EmbeddingJob(EmbeddingsRequest request, DatasetEntry dataset, ModelFacts facts, boolean determined,
                                StateFolder.Manifest stored) {
    }

    private static final class DatasetEntry {
        final DatasetPrepare job;
        final List<TaskSpec> tasks = new ArrayList<>();
        String contentSha256;
        DatasetStats stats;
        boolean stored;

        DatasetEntry(DatasetPrepare job) {
            this.job = job;
        }
    }

    /**
     * @param specDir   where the spec's relative paths resolve (local checkpoints)
     * @param stateDir  the local state folder ({@code plmlab run --state})
     * @param data      where known datasets' files may already be
     */
    public static ExperimentPlan of(ExperimentSpec spec, Path specDir, Path stateDir, List<Path> data) throws IOException {
        ModelCatalogue catalogue = ModelCatalogue.load();
        StateFolder stateFolder = new StateFolder(stateDir);
        ExperimentPlan plan = new ExperimentPlan(spec, stateDir, stateFolder.present(), Throughput.load(catalogue));
        plan.compute(specDir, stateFolder, new DataFiles(data), catalogue);
        return plan;
    }

    private void compute(Path specDir, StateFolder stored, DataFiles data, ModelCatalogue catalogue) throws IOException {
        // datasets: tasks that reach the same data share one job, as ExperimentRun.start() issues them
        Map<String, DatasetEntry> datasetJobs = new LinkedHashMap<>();
        Map<TaskSpec, DatasetEntry> datasetOf = new LinkedHashMap<>();
        for (TaskSpec task : spec.tasks()) {
            DatasetPrepare job = GridPlanner.datasetJob(PLAN_ID, task);
            DatasetEntry entry = datasetJobs.computeIfAbsent(job.jobId(), id -> new DatasetEntry(job));
            entry.tasks.add(task);
            datasetOf.put(task, entry);
        }
        int datasetsStored = 0;
        for (DatasetEntry entry : datasetJobs.values()) {
            TaskSpec task = entry.tasks.get(0);
            Optional<byte[]> bytes = stored.read(ObjectKeys.dataset(entry.job.jobId()));
            // dataset-prep reuses a stored dataset only where its source is pinned (DatasetPrepService)
            boolean reusable = task.file() == null || task.sha256() != null;
            if (bytes.isPresent()) {
                // the content hash every later job id builds on, as dataset-prep announces it
                entry.contentSha256 = JobIds.sha256(bytes.get());
                entry.stats = statsOf(Messages.mapper().readValue(bytes.get(), PreparedDataset.class),
                        "the prepared dataset in " + state);
                entry.stored = reusable;
                if (!reusable) {
                    notes.add(String.join(", ", entry.tasks.stream().map(TaskSpec::name).toList()) + ": a local file without"
                            + " sha256 is prepared again on every run; later stages are looked up as if it is unchanged");
                }
            } else {
                entry.stats = data.read(task).or(() -> published(task)).orElse(null);
            }
            if (entry.stored) {
                datasetsStored++;
            }
            datasets.add(new DatasetLine(entry.job.jobId(), entry.tasks.stream().map(TaskSpec::name).toList(), entry.stats,
                    entry.stored, reusable));
        }
        stages.add(new Stage("datasets", datasetJobs.size(), datasetsStored, 0));

        // embeddings: GridPlanner's expansion per task, deduplicated by id across tasks like ExperimentRun
        Map<String, ModelFacts> factsByModel = new HashMap<>();
        Map<String, EmbeddingJob> embeddingJobs = new LinkedHashMap<>();
        List<Map.Entry<TaskSpec, EmbeddingJob>> contexts = new ArrayList<>();
        for (TaskSpec task : spec.tasks()) {
            DatasetEntry dataset = datasetOf.get(task);
            DatasetStats stats = dataset.stats;
            String content = dataset.contentSha256 != null ? dataset.contentSha256 : CONTENT_PLACEHOLDER + dataset.job.jobId();
            DatasetReady ready = new DatasetReady(Messages.VERSION, dataset.job.jobId(), PLAN_ID, task.name(),
                    ObjectKeys.dataset(dataset.job.jobId()), content, stats == null ? 0 : stats.fit().length, 0,
                    stats == null ? 0 : stats.test().length, dataset.stored);
            Set<String> experimentKeys = new LinkedHashSet<>();
            for (EmbeddingsRequest request : GridPlanner.embeddingJobs(PLAN_ID, spec, task, ready)) {
                EmbeddingModel m = request.model();
                // an experiment in the Feature Reuse sense: seeds repeat it, layers are probed within it
                if (experimentKeys.add(m.family() + "|" + m.size() + "|" + m.checkpoint() + "|" + m.variant() + "|" + m.pretraining())) {
                    experimentsByFamily.merge(m.family(), 1, Integer::sum);
                }
                EmbeddingJob job = embeddingJobs.get(request.jobId());
                if (job == null) {
                    ModelFacts facts = factsByModel.computeIfAbsent(m.family() + "|" + m.size() + "|" + m.checkpoint() + "|"
                            + m.pretraining(), k -> ModelFacts.of(m, specDir, catalogue));
                    boolean determined = dataset.contentSha256 != null;
                    job = new EmbeddingJob(request, dataset, facts, determined, determined ? storedManifest(request, stored) : null);
                    embeddingJobs.put(request.jobId(), job);
                }
                contexts.add(Map.entry(task, job));
            }
            experimentsPerTask.add(experimentKeys.size());
        }
        stages.add(new Stage("embeddings", embeddingJobs.size(),
                (int) embeddingJobs.values().stream().filter(j -> j.stored() != null).count(),
                (int) embeddingJobs.values().stream().filter(j -> !j.determined()).count()));
        for (EmbeddingJob job : embeddingJobs.values()) {
            addToModel(job);
        }

        // probes: every layer x fitting probe x probe seed over each embedding job, for each task that asked
        Set<String> probeIds = new HashSet<>();
        int probeCount = 0;
        int probesStored = 0;
        int probesUndetermined = 0;
        for (Map.Entry<TaskSpec, EmbeddingJob> context : contexts) {
            TaskSpec task = context.getKey();
            EmbeddingJob job = context.getValue();
            EmbeddingsRequest request = job.request();
            List<Integer> layers = job.stored() != null ? job.stored().features().layers() : resolvedLayers(request.layers(), job.facts());
            String featuresId = job.stored() != null ? job.stored().features().featuresId() : FEATURES_PLACEHOLDER + request.jobId();
            if (layers == null) {
                EmbeddingsReady oneLayer = new EmbeddingsReady(Messages.VERSION, request.jobId(), PLAN_ID, task.name(), featuresId,
                        List.of(0), false);
                int perLayer = GridPlanner.probeJobs(PLAN_ID, spec, task, request, oneLayer).size();
                unknownDepth.merge(request.model().label(), new UnknownDepth(request.model().label(), 1, perLayer, job.facts().note()),
                        (a, b) -> new UnknownDepth(a.label(), a.embeddingJobs() + 1, a.probesPerLayer() + b.probesPerLayer(), a.note()));
                continue;
            }
            // Under stored features every probe id is needed, to look its result up. Elsewhere each layer gets the same
            // probes, so the planner's jobs of the first layer stand for every layer: 110,000 probe ids of a study-sized
            // grid cost seconds, one layer's a fraction of that.
            boolean lookUp = job.stored() != null;
            if (layers.isEmpty()) {
                continue;
            }
            EmbeddingsReady ready = new EmbeddingsReady(Messages.VERSION, request.jobId(), PLAN_ID, task.name(), featuresId,
                    lookUp ? layers : layers.subList(0, 1), lookUp);
            int times = lookUp ? 1 : layers.size();
            for (ProbeRequest probe : GridPlanner.probeJobs(PLAN_ID, spec, task, request, ready)) {
                if (!probeIds.add(probe.jobId())) {
                    continue; // the same probe over the same data under two task names is one job
                }
                boolean hit = lookUp && stored.exists(ObjectKeys.result(probe.jobId()));
                probeCount += times;
                if (!job.determined()) {
                    probesUndetermined += times;
                } else if (hit) {
                    probesStored++;
                }
                addToProbes(task, job, probe, hit, times);
            }
        }
        stages.add(new Stage("probes", probeCount, probesStored, probesUndetermined));
    }

    /**
     * The stored manifest of an embedding job: its features id hashes the job id with the model's content id, as the
     * embedder derives it ({@link JobIds#features}); each model id a stored
     * manifest names is tried. Where several match (a checkpoint replaced under the same path), the newest.
     */
    private static StateFolder.Manifest storedManifest(EmbeddingsRequest request, StateFolder stored) throws IOException {
        Map<String, StateFolder.Manifest> manifests = stored.manifests();
        if (manifests.isEmpty()) {
            return null;
        }
        Set<String> modelIds = new LinkedHashSet<>();
        manifests.values().forEach(m -> modelIds.add(m.features().modelId()));
        return modelIds.stream()
                .map(modelId -> manifests.get(JobIds.features(request.jobId(), modelId)))
                .filter(java.util.Objects::nonNull)
                .max(Comparator.comparing(StateFolder.Manifest::written))
                .orElse(null);
    }

    /** GridPlanner's layers with "all" ({@code []}) and "last" ({@code [-1]}) resolved where the depth is known; null where not. */
    private static List<Integer> resolvedLayers(List<Integer> layers, ModelFacts facts) {
        if (!layers.isEmpty() && !layers.equals(List.of(-1))) {
            return layers;
        }
        if (facts.depth() == null) {
            return layers.isEmpty() ? null : layers; // "last" is one layer whatever the depth
        }
        if (layers.isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i <= facts.depth(); i++) {
                all.add(i);
            }
            return all;
        }
        return List.of(facts.depth());
    }

    private static Optional<DatasetStats> published(TaskSpec task) {
        if (!task.isKnownDataset()) {
            return Optional.empty();
        }
        return KnownDatasets.publishedSize(task.dataset(), task.split()).map(s -> DatasetStats.estimate(s.sequences(),
                task.maxResidues() > 0 ? Math.min(s.meanLength(), task.maxResidues()) : s.meanLength(), s.classes(), s.basis()));
    }

    private static DatasetStats statsOf(PreparedDataset dataset, String source) {
        List<Example> fit = new ArrayList<>(dataset.train());
        fit.addAll(dataset.val());
        return new DatasetStats(fit.stream().mapToInt(e -> e.sequence().length()).toArray(),
                dataset.test().stream().mapToInt(e -> e.sequence().length()).toArray(), true, dataset.classes().size(), source);
    }

    // ---- sizes

    /** Rows and widths of one embedding job's features, from its dataset, model and policy. */
    private record JobSize(long tokens, int width, long layerBytes, long fitRows) {
    }

    private final Map<String, JobSize> sizes = new HashMap<>();

    private JobSize sizeOf(EmbeddingJob job) {
        DatasetStats stats = job.dataset().stats;
        if (stats == null) {
            return null;
        }
        EmbeddingsRequest r = job.request();
        String key = job.dataset().job.jobId() + "|" + r.model().family() + "|" + r.model().size() + "|" + r.model().checkpoint()
                + "|" + r.pooling() + "|" + r.longSequences() + "|" + r.precision();
        return sizes.computeIfAbsent(key, k -> computeSize(stats, job.facts(), r.model().family() == ModelFamily.ONE_HOT,
                r.pooling(), r.longSequences(), r.precision()));
    }

    private static JobSize computeSize(DatasetStats stats, ModelFacts facts, boolean oneHot, Pooling pooling,
                                       LongSequencePolicy policy, Precision precision) {
        int limit = facts.residueLimit();
        long tokens = 0;
        long residues = 0;
        long fitResidues = 0;
        int widest = 0;
        int[] all = stats.all();
        for (int i = 0; i < all.length; i++) {
            int kept = kept(all[i], limit, policy);
            residues += kept;
            if (i < stats.fit().length) {
                fitResidues += kept;
            }
            widest = Math.max(widest, kept);
            tokens += oneHot ? 0 : tokens(all[i], limit, policy, facts.specials());
        }
        int width = oneHot && pooling == Pooling.MEAN ? widest * ModelFacts.ONE_HOT_WIDTH : facts.width();
        long rows = pooling == Pooling.NONE ? residues : all.length;
        long fitRows = pooling == Pooling.NONE ? fitResidues : stats.fit().length;
        int bytes = precision == Precision.FLOAT16 ? 2 : 4;
        return new JobSize(tokens, width, rows * width * bytes, fitRows);
    }

    /** Residues of a sequence the features hold: all under sliding windows, else at most the limit. */
    private static int kept(int length, int limit, LongSequencePolicy policy) {
        return policy == LongSequencePolicy.SLIDING_WINDOW ? length : Math.min(length, limit);
    }

    /** Tokens through the network: one window of at most {@code limit} residues, or overlapping windows at stride limit/2. */
    static long tokens(int length, int limit, LongSequencePolicy policy, int specials) {
        if (length <= limit) {
            return (long) length + specials;
        }
        if (policy == LongSequencePolicy.SLIDING_WINDOW) {
            int stride = limit / 2;
            long windows = 1 + ((long) length - limit + stride - 1) / stride;
            return windows * ((long) limit + specials);
        }
        return (long) limit + specials; // truncated (under 'error' the job fails: counted as truncated)
    }

    private void addToModel(EmbeddingJob job) {
        EmbeddingsRequest r = job.request();
        JobSize size = sizeOf(job);
        List<Integer> layers = job.stored() != null ? job.stored().features().layers() : resolvedLayers(r.layers(), job.facts());
        boolean oneHot = r.model().family() == ModelFamily.ONE_HOT;
        boolean exact = size != null && job.dataset().stats.exact();
        long tokens = size == null ? 0 : size.tokens();
        long layerBytes = size == null ? 0 : size.layerBytes();
        Long allBytes = size == null || layers == null ? null : layerBytes * layers.size();
        Double seconds;
        if (job.stored() != null || oneHot) {
            seconds = 0.0; // stored: nothing to compute; one-hot: no network
        } else if (size == null || job.facts().parameters() == 0) {
            seconds = null;
        } else {
            seconds = tokens / throughput.tokensPerSecond(job.facts().parameters());
        }
        String layerText = layers == null ? "?" : layers.size() == 1 ? String.valueOf(layers.get(0))
                : isRange(layers) ? layers.get(0) + "-" + layers.get(layers.size() - 1) : layers.size() + " layers";
        ModelLine line = new ModelLine(r.model().label(), r.model().family(), size == null ? job.facts().width() : size.width(),
                layerText, 1, job.stored() != null ? 1 : 0, tokens, layerBytes, allBytes, seconds, exact);
        models.merge(line.label(), line, (a, b) -> new ModelLine(a.label(), a.family(), Math.max(a.width(), b.width()),
                a.layers().equals(b.layers()) ? a.layers() : "varies", a.jobs() + 1, a.storedJobs() + b.storedJobs(),
                a.tokens() + b.tokens(), a.layerBytes() + b.layerBytes(),
                a.allBytes() == null || b.allBytes() == null ? null : a.allBytes() + b.allBytes(),
                a.seconds() == null || b.seconds() == null ? null : a.seconds() + b.seconds(), a.exact() && b.exact()));
    }

    private static boolean isRange(List<Integer> layers) {
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) != layers.get(i - 1) + 1) {
                return false;
            }
        }
        return true;
    }

    /** @param times how many jobs {@code probe} stands for (one per layer where only the first layer was expanded) */
    private void addToProbes(TaskSpec task, EmbeddingJob job, ProbeRequest probe, boolean stored, int times) {
        JobSize size = sizeOf(job);
        String type = probe.probe().type();
        double seconds;
        if (stored) {
            seconds = 0;
        } else if (size == null) {
            seconds = Double.NaN;
        } else if (type.equals("ridge")) {
            seconds = throughput.ridgeSeconds(size.fitRows(), size.width());
        } else if (type.equals("linear")) {
            Object epochs = probe.probe().params().get("epochs");
            seconds = throughput.linearSeconds(size.fitRows(), size.width(), job.dataset().stats.classes(),
                    epochs instanceof Number n ? n.intValue() : 100);
        } else {
            seconds = Double.NaN; // mlp, cnn: no measured basis here
        }
        boolean exact = size != null && job.dataset().stats.exact();
        ProbeLine line = new ProbeLine(type, task.type(), times, seconds * times, exact);
        probes.merge(type + "|" + task.type(), line, (a, b) -> new ProbeLine(a.probe(), a.taskType(), a.jobs() + b.jobs(),
                a.seconds() + b.seconds(), a.exact() && b.exact()));
    }
}
