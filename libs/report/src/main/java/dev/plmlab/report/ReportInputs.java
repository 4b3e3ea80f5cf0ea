package dev.plmlab.report;

import dev.plmlab.model.messages.JobFailed;
import dev.plmlab.model.messages.ProbeOutcome;
import java.util.List;

/** What a report is written from: every stored outcome and every failed job of one experiment. */
public record ReportInputs(String experiment, String experimentId, List<ProbeOutcome> outcomes, List<JobFailed> failures) {
}
