package dev.plmlab.cli;

import dev.plmlab.model.results.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The headline metric of every result in results.csv, as an aligned text table. */
final class ResultsTable {

    private static final List<String> HEADLINE = List.of("spearman", "accuracy");

    private ResultsTable() {
    }

    static String render(String csv) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"task", "split", "model", "variant", "seed", "layer", "probe", "metric", "value", "95% CI"});
        String[] lines = csv.split("\n");
        int metric = ResultRow.COLUMNS.indexOf("metric");
        for (int i = 1; i < lines.length; i++) {
            // params, the last column, is the only one that may hold commas
            String[] f = lines[i].split(",", ResultRow.COLUMNS.size());
            if (f.length < ResultRow.COLUMNS.size() || !HEADLINE.contains(f[metric])) {
                continue;
            }
            String ci = f[10].isEmpty() ? "" : "[" + f3(f[10]) + ", " + f3(f[11]) + "]";
            rows.add(new String[] {f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f3(f[9]), ci});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                out.append(String.format("%-" + widths[c] + "s", r[c])).append(c + 1 < r.length ? "  " : "");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String f3(String number) {
        return String.format(Locale.ROOT, "%.3f", Double.parseDouble(number));
    }
}
