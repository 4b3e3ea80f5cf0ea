package dev.plmlab.report;

/** The three files of a report: results.csv for tools, report.md for a terminal, report.html for a browser. */
public record RenderedReport(String resultsCsv, String markdown, String html) {
}
