package dev.plmlab.probetrainer;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.JobRunner;
import dev.plmlab.service.KafkaSends;
import dev.plmlab.service.StoredJson;
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

/** Consumes probe requests; stores each outcome under its job's key and announces it. */
@ApplicationScoped
public class ProbeTrainerService {

    @Inject
    ObjectStore store;

    @Inject
    JobRunner jobs;

    @Inject
    MeterRegistry registry;

    @Inject
    ProbeTrainerConfig config;

    private LayerFeatures layerFeatures;

    @PostConstruct
    void init() {
        Path scratch = config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "plmlab-probe-trainer"));
        layerFeatures = new LayerFeatures(store, registry, scratch);
    }

    @Inject
    @Channel(Topics.PROBES_RESULTS)
    Emitter<String> results;

    @Inject
    @Channel(Topics.FAILURES)
    Emitter<String> failures;

    @Incoming(Topics.PROBES_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        jobs.handle(record, ProbeRequest.class, this::train);
    }

    private void train(ProbeRequest job) {
        JobRunner.require(job.jobId(), "jobId", ProbeRequest.class, Topics.PROBES_REQUESTS);
        JobRunner.require(job.experimentId(), "experimentId", ProbeRequest.class, Topics.PROBES_REQUESTS);
        String taskName = job.task() == null ? null : job.task().name();
        jobs.run(failures, "probes", job.jobId(), job.experimentId(), taskName, () -> {
            // a job without its task fails (the orchestrator hears of it) instead of stopping the consumer
            JobRunner.require(job.task(), "task", ProbeRequest.class, Topics.PROBES_REQUESTS);
            String key = ObjectKeys.result(job.jobId());
            Optional<ProbeOutcome> stored = StoredJson.get(store, key, ProbeOutcome.class);
            ProbeOutcome outcome;
            if (stored.isPresent()) {
                outcome = stored.get();
            } else {
                PreparedDataset dataset = StoredJson.requireWithSha256(store, job.datasetKey(), job.datasetSha256(),
                        PreparedDataset.class);
                ProbeTraining.requireSupported(job, dataset);
                ProbeTraining.Trained trained = ProbeTraining.train(job, dataset, layerFeatures, config.threads());
                outcome = trained.outcome();
                // the outcome last: its presence means the predictions it points to are stored too
                StoredJson.put(store, outcome.predictionsKey(), trained.predictions());
                StoredJson.put(store, key, outcome);
            }
            // keyed by experiment, as every message the orchestrator consumes; returns once the broker has it
            KafkaSends.send(results, job.experimentId(), Messages.toJson(new ProbeResult(Messages.VERSION, job.jobId(),
                    job.experimentId(), key, outcome, stored.isPresent())));
            return stored.isPresent();
        });
    }
}
