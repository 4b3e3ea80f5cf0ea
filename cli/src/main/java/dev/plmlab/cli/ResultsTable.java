package dev.plmlab.cli;

import dev.plmlab.model.results.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The headline metric of every result in results.csv, as an aligned text table. */
final class ResultsTable {

    private static final List<String> HEADLINE = List.of("spearman", "accuracy");
    private static final List<String> SHOWN = List.of("task", "split", "model", "variant", "model_seed", "pretraining",
            "layer", "probe", "probe_seed", "metric");

    private ResultsTable() {
    }

    static String render(String csv) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(SHOWN);
        header.add("value");
        header.add("95% CI");
        rows.add(header.toArray(String[]::new));
        String[] lines = csv.split("\n");
        int metric = ResultRow.COLUMNS.indexOf("metric");
        int value = ResultRow.COLUMNS.indexOf("value");
        int low = ResultRow.COLUMNS.indexOf("ci_low");
        int high = ResultRow.COLUMNS.indexOf("ci_high");
        for (int i = 1; i < lines.length; i++) {
            // params, the last column, is the only one that may hold commas
            String[] f = lines[i].split(",", ResultRow.COLUMNS.size());
            if (f.length < ResultRow.COLUMNS.size() || !HEADLINE.contains(f[metric])) {
                continue;
            }
            List<String> row = new ArrayList<>();
            SHOWN.forEach(c -> row.add(f[ResultRow.COLUMNS.indexOf(c)]));
            row.add(f3(f[value]));
            row.add(f[low].isEmpty() ? "" : "[" + f3(f[low]) + ", " + f3(f[high]) + "]");
            rows.add(row.toArray(String[]::new));
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
