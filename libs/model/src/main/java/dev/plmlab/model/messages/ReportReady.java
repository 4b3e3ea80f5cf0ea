package dev.plmlab.model.messages;

/** The report is in the store. */
public record ReportReady(int version, String experimentId, String name, String resultsCsvKey, String reportMarkdownKey,
                          int results, int failures) {
}
