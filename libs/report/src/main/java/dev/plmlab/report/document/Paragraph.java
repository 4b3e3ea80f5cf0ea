package dev.plmlab.report.document;

/** Plain text; renderers escape it. */
public record Paragraph(String text) implements Block {
}
