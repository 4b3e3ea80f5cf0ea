package dev.plmlab.report;

/**
 * The files of a report: results.csv and statistics.csv (every significance test, exact) for tools,
 * report.md for a terminal, report.html for a browser.
 */
public record RenderedReport(String resultsCsv, String statisticsCsv, String markdown, String html) {
}
