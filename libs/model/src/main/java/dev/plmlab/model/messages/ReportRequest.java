package dev.plmlab.model.messages;

import java.util.List;

/** Every job of the experiment has ended: write the report from these results and failures. */
public record ReportRequest(int version, String experimentId, String name, List<String> resultKeys,
                            List<JobFailed> failures) {
}
