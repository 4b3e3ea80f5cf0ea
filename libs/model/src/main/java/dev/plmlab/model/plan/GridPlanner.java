package dev.plmlab.model.plan;

import dev.plmlab.model.catalog.KnownModel;
import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingModel;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.ModelSpec;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.ProbeSpec;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.model.spec.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a spec into jobs, one stage at a time: the jobs of a stage depend on what the stage
 * before produced (a dataset's content hash, an embedding's actual layers). Every job id is a
 * hash of exactly what determines the job's output, never of the experiment that asked.
 */
public final class GridPlanner {

    private GridPlanner() {
    }

    public static DatasetPrepare datasetJob(String experimentId, TaskSpec task) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("dataset", task.dataset());
        content.put("split", task.split());
        content.put("file", task.file());
        content.put("url", task.url());
        content.put("sha256", task.sha256());
        content.put("columns", task.columns());
        content.put("type", task.type());
        content.put("maxResidues", task.maxResidues());
        if (task.isFastaLayout()) { // only then, so the ids of CSV tasks stay what they were
            content.put("sequences", task.sequences());
            content.put("mask", task.mask());
        }
        return new DatasetPrepare(Messages.VERSION, JobIds.of("dataset", content), experimentId, task);
    }

    /**
     * Every model × variant × seed × pretraining checkpoint for one prepared dataset, pooled as the task
     * needs ({@link ModelSpec#poolingFor}).
     */
    public static List<EmbeddingsRequest> embeddingJobs(String experimentId, ExperimentSpec spec, TaskSpec task,
                                                        DatasetReady dataset) {
        List<EmbeddingsRequest> jobs = new ArrayList<>();
        for (ModelSpec model : spec.models()) {
            List<Integer> layers = layersOf(model);
            Pooling pooling = model.poolingFor(task.type());
            for (Variant variant : model.variants()) {
                List<Integer> seeds = variant.seeded() ? model.seeds() : List.of(0);
                for (int seed : seeds) {
                    for (double fraction : model.pretraining()) {
                        EmbeddingModel m = new EmbeddingModel(model.family(), model.size(), model.checkpoint(), variant, seed, fraction);
                        Map<String, Object> content = new LinkedHashMap<>();
                        content.put("dataset", dataset.contentSha256());
                        content.put("model", m);
                        content.put("layers", layers);
                        content.put("pooling", pooling);
                        content.put("longSequences", spec.compute().longSequences());
                        content.put("precision", spec.compute().precision());
                        jobs.add(new EmbeddingsRequest(Messages.VERSION, JobIds.of("embeddings", content), experimentId,
                                dataset.taskName(), dataset.datasetKey(), dataset.contentSha256(), m, layers,
                                pooling, spec.compute().longSequences(), spec.compute().precision(),
                                spec.compute().tokenBudget(), spec.compute().backend()));
                    }
                }
            }
        }
        return jobs;
    }

    /** Every layer × probe × probe seed over one embedding job's output, for the probes that fit the task. */
    public static List<ProbeRequest> probeJobs(String experimentId, ExperimentSpec spec, TaskSpec task,
                                               EmbeddingsRequest request, EmbeddingsReady ready) {
        List<ProbeRequest> jobs = new ArrayList<>();
        for (int layer : ready.layers()) {
            for (ProbeSpec probe : spec.probes()) {
                if (!probe.fits(task.type())) {
                    continue;
                }
                for (int seed : probe.seeded() ? spec.seeds() : List.of(spec.seeds().get(0))) {
                    Map<String, Object> content = new LinkedHashMap<>();
                    content.put("features", ready.featuresId());
                    content.put("dataset", request.datasetSha256());
                    content.put("type", task.type());
                    content.put("layer", layer);
                    content.put("probe", probe);
                    content.put("seed", seed);
                    // what a probe job stores: 2 = outcomes with validation scores and test predictions
                    content.put("outcome", 2);
                    jobs.add(new ProbeRequest(Messages.VERSION, JobIds.of("probe", content), experimentId, task,
                            request.datasetKey(), request.datasetSha256(), ready.featuresId(), request.model(), layer, probe, seed));
                }
            }
        }
        return jobs;
    }

    /**
     * Resolved layer indices. For a local checkpoint only the embedder knows the depth: there
     * an empty list means every layer and {@code [-1]} the last one.
     */
    static List<Integer> layersOf(ModelSpec model) {
        if (model.family() == ModelFamily.ONE_HOT) {
            return List.of(0);
        }
        if (model.size() == null) {
            return switch (model.layers().kind()) {
                case ALL -> List.of();
                case LAST -> List.of(-1);
                case LIST -> model.layers().indices();
            };
        }
        KnownModel known = KnownModels.find(model.family(), model.size()).orElseThrow();
        return model.layers().resolve(known.layers());
    }
}
