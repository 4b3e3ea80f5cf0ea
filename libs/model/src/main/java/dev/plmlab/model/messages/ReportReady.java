package dev.plmlab.model.messages;

/** The report is in the store. */
public record ReportReady(int version, String experimentId, String name, String resultsCsvKey, String reportMarkdownKey,
                          String reportHtmlKey, int results, int failures) {
}
