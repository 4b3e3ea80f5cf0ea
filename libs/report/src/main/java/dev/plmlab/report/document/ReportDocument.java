package dev.plmlab.report.document;

import java.util.List;

/**
 * A report as content, before it is written out: the Markdown and the HTML renderers show the same
 * sections, tables and numbers, so the two can never disagree.
 *
 * @param title    the experiment's name
 * @param summary  paragraphs under the title
 * @param sections in reading order
 */
public record ReportDocument(String title, List<String> summary, List<Section> sections) {
}
