package dev.plmlab.model.results;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Writes results.csv: RFC 4180 quoting, a fixed row order, and numbers that round-trip. */
public final class ResultsCsv {

    /** The order rows appear in, so that two runs of one spec give identical files. */
    public static final Comparator<ResultRow> ORDER = Comparator.comparing(ResultRow::task)
            .thenComparing(ResultRow::split)
            .thenComparing(ResultRow::model)
            .thenComparing(ResultRow::variant)
            .thenComparingInt(ResultRow::modelSeed)
            .thenComparingDouble(ResultRow::pretraining)
            .thenComparingInt(ResultRow::layer)
            .thenComparing(ResultRow::probe)
            .thenComparingInt(ResultRow::probeSeed)
            .thenComparing(ResultRow::metric);

    private ResultsCsv() {
    }

    public static String write(List<ResultRow> rows) {
        StringBuilder out = new StringBuilder(String.join(",", ResultRow.COLUMNS)).append('\n');
        rows.stream().sorted(ORDER).forEach(r -> out.append(String.join(",",
                field(r.experiment()), field(r.task()), field(r.split()), field(r.model()), field(r.family()),
                field(r.size()), field(r.variant()), Integer.toString(r.modelSeed()), number(r.pretraining()),
                Integer.toString(r.layer()), field(r.probe()), Integer.toString(r.probeSeed()), field(r.metric()),
                number(r.value()), number(r.ciLow()), number(r.ciHigh()), number(r.valValue()),
                Integer.toString(r.nTrain()), Integer.toString(r.nVal()), Integer.toString(r.nTest()),
                field(r.params()))).append('\n'));
        return out.toString();
    }

    /** Empty for a missing value (no interval yet), else the shortest exact decimal. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
