package dev.plmlab.reporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.BadMessageException;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.messages.ReportRequested;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.JobRunner;
import dev.plmlab.service.KafkaSends;
import dev.plmlab.service.StoredJson;
import dev.plmlab.report.StoredReports;
import dev.plmlab.store.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes report requests; writes results.csv, report.md and report.html for the experiment (libs/report). A
 * request is a {@link ReportRequested} naming the {@link ReportRequest} the orchestrator stored (it grows with the
 * grid, past what a Kafka record may hold), or, from an older orchestrator, the {@link ReportRequest} inline.
 */
@ApplicationScoped
public class ReporterService {

    @Inject
    ObjectStore store;

    @Inject
    JobRunner jobs;

    @Inject
    @Channel(Topics.REPORTS_READY)
    Emitter<String> ready;

    @Inject
    @Channel(Topics.FAILURES)
    Emitter<String> failures;

    @Incoming(Topics.REPORTS_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        jobs.handle(record, JsonNode.class, this::read);
    }

    private void read(JsonNode message) {
        if (message.hasNonNull("requestKey")) {
            ReportRequested requested = as(message, ReportRequested.class);
            String id = JobRunner.require(requested.experimentId(), "experimentId", ReportRequested.class, Topics.REPORTS_REQUESTS);
            if (!ObjectKeys.reportRequest(id).equals(requested.requestKey())) {
                // a reporter reads the one key an experiment's request is kept under, whatever a message names
                throw new BadMessageException(Topics.REPORTS_REQUESTS, ReportRequested.class, "'requestKey' "
                        + requested.requestKey() + " is not " + ObjectKeys.reportRequest(id));
            }
            jobs.run(failures, "report", "report-" + id, id, "", () -> {
                ReportRequest request = StoredJson.require(store, requested.requestKey(), ReportRequest.class);
                if (!id.equals(request.experimentId())) {
                    throw new IllegalStateException(requested.requestKey() + " holds the request of " + request.experimentId());
                }
                KafkaSends.send(ready, id, Messages.toJson(StoredReports.write(store, request)));
                return false;
            });
        } else {
            // the previous format: the whole request in the message
            report(as(message, ReportRequest.class));
        }
    }

    private static <T> T as(JsonNode message, Class<T> type) {
        try {
            return Messages.mapper().treeToValue(message, type);
        } catch (JsonProcessingException e) {
            throw new BadMessageException(Topics.REPORTS_REQUESTS, type, e.getOriginalMessage());
        }
    }

    private void report(ReportRequest request) {
        JobRunner.require(request.experimentId(), "experimentId", ReportRequest.class, Topics.REPORTS_REQUESTS);
        jobs.run(failures, "report", "report-" + request.experimentId(), request.experimentId(), "", () -> {
            // keyed by experiment; returns once the broker has it, so the request is acknowledged only then
            KafkaSends.send(ready, request.experimentId(), Messages.toJson(StoredReports.write(store, request)));
            return false;
        });
    }
}
