package dev.plmlab.service;

import dev.plmlab.model.messages.BadMessageException;
import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.NewerVersionException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Runs one job of a stage: decodes the message, times the work, counts the outcome and turns
 * any failure into a {@link JobFailed} event so that the rest of the experiment goes on. A message
 * that is not a job (not JSON, a missing field) goes to the dead-letter topic, one of a newer version is
 * parked ({@link PoisonMessages}): nothing a message holds may stop a consumer.
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

    @Inject
    PoisonMessages poison;

    /** What a stage does with one decoded job. */
    @FunctionalInterface
    public interface Handler<T> {
        void handle(T job);
    }

    /**
     * The whole of an {@code @Incoming} method: decodes {@code record}'s value as {@code type} and hands it to
     * {@code handler}. Nothing escapes: a bad message (not JSON, not a {@code type}, a field {@link #require}d)
     * goes to the dead-letter topic with its reason and is counted in {@code plmlab_dead_letters_total{topic}}
     * and {@code plmlab_bad_messages_total{topic}}; one of a newer version is parked; anything else thrown is
     * counted in {@code plmlab_handler_errors_total{topic}}; and the consumer goes on with the next record (an
     * exception out of an {@code @Incoming} method would stop the channel, and redelivery would crash it again).
     * Dead-lettering and parking are awaited, so the record's offset is committed only once they are sent.
     */
    public <T> void handle(ConsumerRecord<String, String> record, Class<T> type, Handler<T> handler) {
        String topic = record.topic();
        try {
            T job;
            try {
                job = Messages.fromJson(record.value(), type, topic);
            } catch (NewerVersionException e) {
                poison.park(record, e);
                return;
            } catch (RuntimeException e) {
                // BadMessageException, or whatever else the decoder met: either way the record is not a job
                poison.deadLetter(record, e instanceof BadMessageException ? e.getMessage()
                        : new BadMessageException(topic, type, String.valueOf(e.getMessage())).getMessage());
                return;
            }
            try {
                handler.handle(job);
            } catch (BadMessageException e) {
                poison.deadLetter(record, e.getMessage());
            }
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            LOG.errorf(e, "could not handle a message from %s: %s", topic, e.getMessage());
            registry.counter("plmlab_handler_errors_total", "topic", topic).increment();
        }
    }

    /**
     * {@code value}, or a {@link BadMessageException} naming the missing field: for the fields a stage cannot do
     * without, checked before any work starts.
     */
    public static <V> V require(V value, String field, Class<?> type, String topic) {
        if (value == null) {
            throw new BadMessageException(topic, type, "no '" + field + "'");
        }
        return value;
    }

    /**
     * Runs {@code work}; a failure goes to {@code failures}, the stage service's emitter on
     * {@code Topics.FAILURES} (declared there, so the orchestrator, which consumes that topic,
     * never sees an emitter for it).
     */
    public void run(Emitter<String> failures, String stage, String jobId, String experimentId, String task, Work work) {
        if (jobId == null || experimentId == null) {
            // no job to fail and no experiment to tell (callers check with require first)
            throw new IllegalArgumentException("a " + stage + " job needs a jobId and an experimentId");
        }
        Timer.Sample sample = Timer.start(registry);
        String outcome;
        JobFailed failed = null;
        try {
            outcome = work.run() ? "cached" : "computed";
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            // Out-of-memory and overflows end this job, not the consumer: the experiment must hear of it.
            outcome = "failed";
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.errorf(e, "%s job %s of %s (task %s) failed: %s", stage, jobId, experimentId, task, message);
            failed = new JobFailed(Messages.VERSION, jobId, experimentId, stage, task, message);
        }
        // Histogram buckets, so dashboards can take p50/p95 across replicas.
        sample.stop(Timer.builder("plmlab_job_seconds").tags("stage", stage, "outcome", outcome)
                .publishPercentileHistogram().register(registry));
        registry.counter("plmlab_jobs_total", "stage", stage, "outcome", outcome).increment();
        if (failed != null) {
            // keyed by experiment, as every message the orchestrator consumes (see the orchestrator's README)
            KafkaSends.send(failures, experimentId, Messages.toJson(failed));
        }
    }
}
