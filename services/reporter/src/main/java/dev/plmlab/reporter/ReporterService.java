package dev.plmlab.reporter;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ProbeOutcome;
import dev.plmlab.model.messages.ReportReady;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.JobRunner;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes report requests; writes results.csv and report.md for the experiment. */
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
    public void onRequest(String payload) {
        ReportRequest request = jobs.decode(payload, ReportRequest.class, Topics.REPORTS_REQUESTS);
        if (request == null) {
            return;
        }
        jobs.run(failures, "report", "report-" + request.experimentId(), request.experimentId(), "", () -> {
            List<ProbeOutcome> outcomes = request.resultKeys().stream()
                    .map(key -> StoredJson.require(store, key, ProbeOutcome.class)).toList();
            String csvKey = ObjectKeys.resultsCsv(request.experimentId());
            String mdKey = ObjectKeys.reportMarkdown(request.experimentId());
            store.put(csvKey, ReportWriter.resultsCsv(request.name(), outcomes).getBytes(StandardCharsets.UTF_8), "text/csv");
            store.put(mdKey, ReportWriter.markdown(request.name(), request.experimentId(), outcomes, request.failures())
                    .getBytes(StandardCharsets.UTF_8), "text/markdown");
            ready.send(Messages.toJson(new ReportReady(Messages.VERSION, request.experimentId(), request.name(), csvKey, mdKey,
                    outcomes.size(), request.failures().size())));
            return false;
        });
    }
}
