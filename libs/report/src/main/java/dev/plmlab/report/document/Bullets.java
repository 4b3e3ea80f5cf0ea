package dev.plmlab.report.document;

import java.util.List;

/** A list of short statements (notes, protocol differences). */
public record Bullets(List<String> items) implements Block {
}
