package dev.plmlab.probetrainer;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.messages.ProbeResult;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.JobRunner;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
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
    public void onRequest(String payload) {
        ProbeRequest job = jobs.decode(payload, ProbeRequest.class, Topics.PROBES_REQUESTS);
        if (job == null) {
            return;
        }
        jobs.run(failures, "probes", job.jobId(), job.experimentId(), job.task().name(), () -> {
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
            results.send(Messages.toJson(new ProbeResult(Messages.VERSION, job.jobId(), job.experimentId(), key, outcome,
                    stored.isPresent())));
            return stored.isPresent();
        });
    }
}
