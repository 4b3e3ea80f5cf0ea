package dev.plmlab.embedder;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.JobRunner;
import dev.plmlab.service.DataConfig;
import dev.plmlab.service.KafkaSends;
import dev.plmlab.service.SpecFiles;
import dev.plmlab.service.StoredJson;
import dev.plmlab.service.UploadedFiles;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes embedding requests. Features are stored per part and layer under the features id (the job id,
 * which hashes model variant, dataset content, layers, pooling and truncation policy, plus the model's
 * content id): a request whose features are stored computes nothing and forges nothing; its checkpoint's
 * sha256 is remembered, so it is not read either (the file must be on this machine).
 */
@ApplicationScoped
public class EmbedderService {

    @Inject
    ObjectStore store;

    @Inject
    JobRunner jobs;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Topics.EMBEDDINGS_READY)
    Emitter<String> ready;

    @Inject
    @Channel(Topics.FAILURES)
    Emitter<String> failures;

    @Inject
    EmbedderConfig config;

    @Inject
    DataConfig data;

    @Inject
    CatalogueConfig catalogue;

    private FeatureExtraction extraction;

    @PostConstruct
    void init() {
        InferenceBackends backends = new InferenceBackends(config, store, registry);
        SpecFiles files = new SpecFiles(new UploadedFiles(store, config.modelCache()), data.baseDir(), data.localPaths());
        OfficialCheckpoints officials = new OfficialCheckpoints(store, OfficialCheckpoints.catalogue(catalogue.file()),
                catalogue.mirror().map(OfficialCheckpoints::asBase), config.modelCache(), catalogue.leaseTtl(),
                catalogue.maxWait(), java.time.Clock.systemUTC());
        ForgedModels models = new ForgedModels(config.modelCache(), files, officials);
        Path work = config.workDir().orElse(config.modelCache().resolveSibling("embedder-work"));
        try {
            // what a killed embedder left half-written; every job starts its scratch space afresh
            Folders.deleteRecursively(work);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot clear the embedder's scratch folder " + work, e);
        }
        extraction = new FeatureExtraction(store, models,
                new PlmFeatures(store, backends::open, config.shardSize(), work, registry), work);
    }

    @Incoming(Topics.EMBEDDINGS_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        jobs.handle(record, EmbeddingsRequest.class, this::embed);
    }

    private void embed(EmbeddingsRequest job) {
        JobRunner.require(job.jobId(), "jobId", EmbeddingsRequest.class, Topics.EMBEDDINGS_REQUESTS);
        JobRunner.require(job.experimentId(), "experimentId", EmbeddingsRequest.class, Topics.EMBEDDINGS_REQUESTS);
        jobs.run(failures, "embeddings", job.jobId(), job.experimentId(), job.taskName(), () -> {
            FeatureExtraction.Identity id = extraction.identify(job);
            String featuresId = id.featuresId();
            Optional<StoredFeatures> stored = StoredJson.get(store, ObjectKeys.embeddingManifest(featuresId), StoredFeatures.class);
            StoredFeatures features;
            if (stored.isPresent()) {
                registry.counter("plmlab_embedding_cache_hits_total").increment();
                FeatureObjects.deleteShards(store, featuresId); // left over if an embedder died right after the manifest
                features = stored.get();
            } else {
                PreparedDataset dataset = StoredJson.requireWithSha256(store, job.datasetKey(), job.datasetSha256(),
                        PreparedDataset.class);
                features = extraction.extract(job, dataset, id);
            }
            // keyed by experiment, as every message the orchestrator consumes (so it lands in the partition of the
            // replica that follows the experiment, no forwarding hop); returns once the broker has it
            KafkaSends.send(ready, job.experimentId(), Messages.toJson(new EmbeddingsReady(Messages.VERSION, job.jobId(),
                    job.experimentId(), job.taskName(), featuresId, features.layers(), stored.isPresent())));
            return stored.isPresent();
        });
    }
}
