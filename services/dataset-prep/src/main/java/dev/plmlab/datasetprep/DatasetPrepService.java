package dev.plmlab.datasetprep;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.messages.DatasetPrepare;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.model.spec.TaskSpec;
import dev.plmlab.service.DataConfig;
import dev.plmlab.service.JobRunner;
import dev.plmlab.service.SpecFiles;
import dev.plmlab.service.StoredJson;
import dev.plmlab.service.UploadedFiles;
import dev.plmlab.service.KafkaSends;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.science.data.DataLockFile;
import dev.plmlab.science.data.DatasetCatalogue;
import dev.plmlab.science.data.DatasetLocator;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
        SpecFiles files = new SpecFiles(new UploadedFiles(store, data.cache()), data.baseDir(), data.localPaths());
        preparation = new DatasetPreparation(locator.build(), DatasetCatalogue.PUBLIC, settings.tapeFormat(), files);
    }

    @Incoming(Topics.DATASETS_PREPARE)
    @Blocking
    public void onPrepare(ConsumerRecord<String, String> record) {
        jobs.handle(record, DatasetPrepare.class, this::prepare);
    }

    private void prepare(DatasetPrepare job) {
        JobRunner.require(job.jobId(), "jobId", DatasetPrepare.class, Topics.DATASETS_PREPARE);
        JobRunner.require(job.experimentId(), "experimentId", DatasetPrepare.class, Topics.DATASETS_PREPARE);
        String taskName = job.task() == null ? null : job.task().name();
        jobs.run(failures, "datasets", job.jobId(), job.experimentId(), taskName, () -> {
            // a job without its task fails (the orchestrator hears of it) instead of stopping the consumer
            TaskSpec task = JobRunner.require(job.task(), "task", DatasetPrepare.class, Topics.DATASETS_PREPARE);
            String key = ObjectKeys.dataset(job.jobId());
            // A path's file can change under the same name, so only content-pinned sources (uploads, sha256) are reused.
            boolean reusable = task.file() == null || task.sha256() != null
                    || SpecFiles.isContentPinned(task.file()) && (task.sequences() == null || SpecFiles.isContentPinned(task.sequences()))
                    && (task.mask() == null || SpecFiles.isContentPinned(task.mask()));
            byte[] stored = reusable ? store.get(key).orElse(null) : null;
            boolean cached = stored != null;
            List<String> notes;
            if (!cached) {
                DatasetPreparation.Prepared prepared = preparation.prepareWithNotes(task);
                notes = prepared.notes();
                notes.forEach(note -> LOG.infof("job %s: %s", job.jobId(), note));
                // the notes first: a dataset found stored always has its notes beside it
                StoredJson.put(store, ObjectKeys.datasetNotes(job.jobId()), notes);
                stored = Messages.toJson(prepared.dataset()).getBytes(StandardCharsets.UTF_8);
                store.put(key, stored, "application/json");
            } else {
                notes = StoredJson.get(store, ObjectKeys.datasetNotes(job.jobId()), String[].class).map(List::of).orElse(List.of());
            }
            PreparedDataset dataset = Messages.mapper().readValue(stored, PreparedDataset.class);
            // keyed by experiment, as every message the orchestrator consumes; returns once the broker has it
            KafkaSends.send(ready, job.experimentId(), Messages.toJson(new DatasetReady(Messages.VERSION, job.jobId(),
                    job.experimentId(), task.name(), key, JobIds.sha256(stored), dataset.train().size(), dataset.val().size(),
                    dataset.test().size(), cached, notes)));
            return cached;
        });
    }
}
