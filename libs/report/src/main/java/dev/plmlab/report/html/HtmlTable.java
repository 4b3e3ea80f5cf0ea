package dev.plmlab.report.html;

import dev.plmlab.report.document.Table;
import dev.plmlab.report.document.Table.Cell;
import java.util.List;

/**
 * A {@link Table} as an HTML table the page's script can sort: each header is a button-like cell, each cell with
 * a finite sort key carries it in {@code data-sort}; columns whose cells all have keys are right-aligned.
 */
final class HtmlTable {

    private HtmlTable() {
    }

    /** The table for {@code table}, with id {@code id} (already unique and safe). */
    static String render(Table table, String id) {
        List<String> columns = table.columns() == null ? List.of() : table.columns();
        List<List<Cell>> rows = table.rows() == null ? List.of() : table.rows();
        boolean[] numeric = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            boolean any = false;
            boolean all = true;
            for (List<Cell> row : rows) {
                Cell cell = row.get(c);
                if (Double.isFinite(cell.sortKey())) {
                    any = true;
                } else if (cell.text() != null && !cell.text().isBlank() && !cell.text().strip().equals("–")) {
                    all = false;
                }
            }
            numeric[c] = any && all;
        }
        StringBuilder out = new StringBuilder(256 + rows.size() * columns.size() * 32);
        out.append("<div class=\"plmlab-table-wrap\">\n<table class=\"plmlab-table\" id=\"").append(id).append("\">\n");
        out.append("<caption>").append(HtmlEscape.text(table.caption()))
                .append(" <span class=\"hint\">(click a column heading to sort)</span></caption>\n");
        out.append("<thead><tr>");
        for (int c = 0; c < columns.size(); c++) {
            out.append("<th scope=\"col\" tabindex=\"0\" aria-sort=\"none\" data-col=\"").append(c).append('"')
                    .append(numeric[c] ? " class=\"num\"" : "").append('>').append(HtmlEscape.text(columns.get(c)))
                    .append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (List<Cell> row : rows) {
            out.append("<tr>");
            for (int c = 0; c < columns.size(); c++) {
                Cell cell = row.get(c);
                out.append("<td");
                if (numeric[c]) {
                    out.append(" class=\"num\"");
                }
                if (Double.isFinite(cell.sortKey())) {
                    out.append(" data-sort=\"").append(Double.toString(cell.sortKey())).append('"');
                }
                out.append('>').append(HtmlEscape.text(cell.text())).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n</div>\n").toString();
    }
}
