package dev.plmlab.report;

import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.ProbeOutcome;
import java.util.List;

/**
 * What a report is written from: every stored outcome and every failed job of one experiment, and what checking
 * each task's data found.
 */
public record ReportInputs(String experiment, String experimentId, List<ProbeOutcome> outcomes, List<JobFailed> failures,
                           java.util.Map<String, List<String>> datasetNotes) {

    public ReportInputs {
        datasetNotes = datasetNotes == null ? java.util.Map.of() : datasetNotes;
    }

    public ReportInputs(String experiment, String experimentId, List<ProbeOutcome> outcomes, List<JobFailed> failures) {
        this(experiment, experimentId, outcomes, failures, java.util.Map.of());
    }
}
