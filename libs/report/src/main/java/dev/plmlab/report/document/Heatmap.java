package dev.plmlab.report.document;

import java.util.List;

/**
 * A grid of scores, tasks by models; NaN where a model was not run on a task.
 *
 * @param values {@code values[row][column]}
 */
public record Heatmap(String id, String title, List<String> rows, List<String> columns, double[][] values,
                      String valueLabel) implements Block {

    public Heatmap {
        if (values.length != rows.size()) {
            throw new IllegalArgumentException("heatmap " + id + ": " + values.length + " value rows for " + rows.size() + " rows");
        }
        for (double[] row : values) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("heatmap " + id + ": a row has " + row.length + " values for "
                        + columns.size() + " columns");
            }
        }
    }
}
