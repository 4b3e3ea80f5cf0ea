package dev.plmlab.reporter;

import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.ReportRequest;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.JobRunner;
import dev.plmlab.report.StoredReports;
import dev.plmlab.store.ObjectStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes report requests; writes results.csv, report.md and report.html for the experiment (libs/report). */
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
            ready.send(Messages.toJson(StoredReports.write(store, request)));
            return false;
        });
    }
}
