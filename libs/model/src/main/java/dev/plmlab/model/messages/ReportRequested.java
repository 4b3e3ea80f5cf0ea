package dev.plmlab.model.messages;

/**
 * Every job of the experiment has ended: write the report from the {@link ReportRequest} stored at
 * {@code requestKey} ({@code ObjectKeys.reportRequest(experimentId)}). The request itself carries every result key
 * and every failure, so it grows with the grid and can pass Kafka's 1 MB limit; this message stays small.
 *
 * <p>On {@link Topics#REPORTS_REQUESTS}, where an older orchestrator sent the {@link ReportRequest} inline: the
 * reporter tells the two apart by {@code requestKey} and reads both.
 *
 * @param results  how many result keys the stored request holds (for logs and progress)
 * @param failures how many failures it holds
 */
public record ReportRequested(int version, String experimentId, String name, String requestKey, int results,
                              int failures) {
}
