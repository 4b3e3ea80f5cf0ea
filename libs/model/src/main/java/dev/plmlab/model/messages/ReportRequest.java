package dev.plmlab.model.messages;

import java.util.List;

/**
 * Every job of the experiment has ended: write the report from these results and failures.
 *
 * @param datasetNotes per task, what checking its data found ({@link DatasetReady#notes()}); empty when none
 */
public record ReportRequest(int version, String experimentId, String name, List<String> resultKeys,
                            List<JobFailed> failures, java.util.Map<String, List<String>> datasetNotes) {

    public ReportRequest {
        datasetNotes = datasetNotes == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(datasetNotes));
    }

    public ReportRequest(int version, String experimentId, String name, List<String> resultKeys, List<JobFailed> failures) {
        this(version, experimentId, name, resultKeys, failures, java.util.Map.of());
    }
}
