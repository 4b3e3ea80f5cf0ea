package dev.plmlab.report.document;

/** One piece of a section. */
public sealed interface Block permits Paragraph, Bullets, Table, LinePlot, Heatmap {
}
