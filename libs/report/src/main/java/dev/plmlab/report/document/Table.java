package dev.plmlab.report.document;

import java.util.List;

/**
 * A table whose columns a reader can sort (in HTML).
 *
 * @param id      unique in the document, usable as an HTML id
 * @param caption what the table shows, in a sentence
 * @param columns column headings
 * @param rows    each as long as {@code columns}
 */
public record Table(String id, String caption, List<String> columns, List<List<Cell>> rows) implements Block {

    public Table {
        for (List<Cell> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("table " + id + ": a row has " + row.size() + " cells for "
                        + columns.size() + " columns");
            }
        }
    }

    /**
     * @param text    as shown
     * @param sortKey the number to sort by, or NaN to sort by text
     */
    public record Cell(String text, double sortKey) {
        public static Cell text(String text) {
            return new Cell(text == null ? "" : text, Double.NaN);
        }

        public static Cell number(String text, double value) {
            return new Cell(text, value);
        }
    }
}
