package dev.plmlab.service;

import dev.plmlab.model.messages.BadMessageException;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Runs one job of a stage: decodes the message, times the work, counts the outcome and turns
 * any failure into a {@link JobFailed} event so that the rest of the experiment goes on.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    @Inject
    MeterRegistry registry;

    /** The work of one job; returns whether the output was found already stored. */
    @FunctionalInterface
    public interface Work {
        boolean run() throws Exception;
    }

    /** Decodes a payload; a bad message is logged, counted and dropped (there is no job to fail). */
    public <T> T decode(String payload, Class<T> type, String topic) {
        try {
            return Messages.fromJson(payload, type, topic);
        } catch (BadMessageException e) {
            LOG.error(e.getMessage());
            registry.counter("plmlab_bad_messages_total", "topic", topic).increment();
            return null;
        }
    }

    /**
     * Runs {@code work}; a failure goes to {@code failures}, the stage service's emitter on
     * {@code Topics.FAILURES} (declared there, so the orchestrator, which consumes that topic,
     * never sees an emitter for it).
     */
    public void run(Emitter<String> failures, String stage, String jobId, String experimentId, String task, Work work) {
        Timer.Sample sample = Timer.start(registry);
        String outcome;
        try {
            outcome = work.run() ? "cached" : "computed";
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // Out-of-memory and overflows end this job, not the consumer: the experiment must hear of it.
            outcome = "failed";
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.errorf(e, "%s job %s of %s (task %s) failed: %s", stage, jobId, experimentId, task, message);
            failures.send(Messages.toJson(new JobFailed(Messages.VERSION, jobId, experimentId, stage, task, message)));
        }
        // Histogram buckets, so dashboards can take p50/p95 across replicas.
        sample.stop(Timer.builder("plmlab_job_seconds").tags("stage", stage, "outcome", outcome)
                .publishPercentileHistogram().register(registry));
        registry.counter("plmlab_jobs_total", "stage", stage, "outcome", outcome).increment();
    }
}
