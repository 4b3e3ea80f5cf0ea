package dev.plmlab.report.document;

import java.util.List;

/** A titled part of the report; {@code level} 2 for a top-level section, 3 below it. */
public record Section(String title, int level, List<Block> blocks) {
}
