package dev.plmlab.report;

import dev.plmlab.report.document.Block;
import dev.plmlab.report.document.Bullets;
import dev.plmlab.report.document.Heatmap;
import dev.plmlab.report.document.LinePlot;
import dev.plmlab.report.document.Paragraph;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.document.Section;
import dev.plmlab.report.document.Table;
import java.util.List;

/** report.md: the document for a terminal; plots are named and left to report.html, heatmaps become tables. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(ReportDocument document) {
        StringBuilder md = new StringBuilder("# ").append(inline(document.title())).append("\n\n");
        document.summary().forEach(p -> md.append(inline(p)).append("\n\n"));
        for (Section s : document.sections()) {
            md.append("#".repeat(s.level())).append(' ').append(inline(s.title())).append("\n\n");
            for (Block b : s.blocks()) {
                block(md, b);
            }
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static void block(StringBuilder md, Block b) {
        if (b instanceof Paragraph p) {
            md.append(inline(p.text())).append("\n\n");
        } else if (b instanceof Bullets l) {
            l.items().forEach(i -> md.append("- ").append(inline(i)).append('\n'));
            md.append('\n');
        } else if (b instanceof Table t) {
            table(md, t.caption(), t.columns(), t.rows().stream().map(r -> r.stream().map(Table.Cell::text).toList()).toList());
        } else if (b instanceof LinePlot p) {
            md.append("Plot in report.html: ").append(inline(p.title())).append(".\n\n");
        } else if (b instanceof Heatmap h) {
            List<String> columns = new java.util.ArrayList<>(List.of("task"));
            columns.addAll(h.columns());
            List<List<String>> rows = new java.util.ArrayList<>();
            for (int r = 0; r < h.rows().size(); r++) {
                List<String> row = new java.util.ArrayList<>(List.of(h.rows().get(r)));
                for (double v : h.values()[r]) {
                    row.add(Numbers.f3(v));
                }
                rows.add(row);
            }
            table(md, h.title() + ".", columns, rows);
        }
    }

    private static void table(StringBuilder md, String caption, List<String> columns, List<List<String>> rows) {
        md.append(inline(caption)).append("\n\n|");
        columns.forEach(c -> md.append(' ').append(cell(c)).append(" |"));
        md.append("\n|").append(" --- |".repeat(columns.size())).append('\n');
        for (List<String> row : rows) {
            md.append('|');
            row.forEach(c -> md.append(' ').append(cell(c)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }

    private static String cell(String text) {
        return inline(text).replace("|", "\\|");
    }

    /** One line of text: no line breaks, and nothing a Markdown viewer would run as HTML. */
    private static String inline(String text) {
        return text.replace("\r", " ").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
    }
}
