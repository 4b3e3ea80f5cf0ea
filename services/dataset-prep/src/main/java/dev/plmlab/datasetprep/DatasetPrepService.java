package dev.plmlab.datasetprep;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.DataConfig;
import dev.plmlab.service.JobRunner;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.science.data.DataLockFile;
import dev.plmlab.science.data.DatasetCatalogue;
import dev.plmlab.science.data.DatasetLocator;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes dataset jobs; stores each normalised dataset once under its job's key. */
@ApplicationScoped
public class DatasetPrepService {
    private static final Logger LOG = Logger.getLogger(DatasetPrepService.class);

    @Inject
    ObjectStore store;

    @Inject
    JobRunner jobs;

    @Inject
    @Channel(Topics.DATASETS_READY)
    Emitter<String> ready;

    @Inject
    @Channel(Topics.FAILURES)
    Emitter<String> failures;

    @Inject
    DataConfig data;

    @Inject
    DatasetPrepSettings settings;

    private DatasetPreparation preparation;

    @PostConstruct
    void init() {
        DatasetLocator.Builder locator = DatasetLocator.builder().cacheFolder(data.cache())
                .lockFile(settings.lockFile().orElse(data.baseDir().resolve(DataLockFile.DEFAULT_NAME)));
        data.folder().ifPresent(locator::userFolder);
        data.shared().ifPresent(locator::sharedData);
        if (data.offline()) {
            locator.offline();
        }
        preparation = new DatasetPreparation(locator.build(), DatasetCatalogue.PUBLIC, settings.tapeFormat(), data.baseDir());
    }

    @Incoming(Topics.DATASETS_PREPARE)
    @Blocking
    public void onPrepare(String payload) {
        DatasetPrepare job = jobs.decode(payload, DatasetPrepare.class, Topics.DATASETS_PREPARE);
        if (job == null) {
            return;
        }
        jobs.run(failures, "datasets", job.jobId(), job.experimentId(), job.task().name(), () -> {
            String key = ObjectKeys.dataset(job.jobId());
            // Local files can change under the same path, so only content-pinned sources are reused.
            boolean reusable = job.task().file() == null || job.task().sha256() != null;
            byte[] stored = reusable ? store.get(key).orElse(null) : null;
            boolean cached = stored != null;
            if (!cached) {
                DatasetPreparation.Prepared prepared = preparation.prepareWithNotes(job.task());
                prepared.notes().forEach(note -> LOG.infof("job %s: %s", job.jobId(), note));
                stored = Messages.toJson(prepared.dataset()).getBytes(StandardCharsets.UTF_8);
                store.put(key, stored, "application/json");
            }
            PreparedDataset dataset = Messages.mapper().readValue(stored, PreparedDataset.class);
            ready.send(Messages.toJson(new DatasetReady(Messages.VERSION, job.jobId(), job.experimentId(),
                    job.task().name(), key, JobIds.sha256(stored), dataset.train().size(), dataset.val().size(),
                    dataset.test().size(), cached)));
            return cached;
        });
    }
}
