package dev.plmlab.science.probe;

import java.util.Objects;

/**
 * Rows of features read by index: a part's pooled features, or the scored residues of
 * per-residue features. Probes read rows one batch at a time, so a source never has to hold
 * (or hand over) all rows in one array; a per-residue task is millions of rows.
 */
public interface FeatureRows {
    /** Number of rows. */
    int rows();

    /** Floats per row. */
    int width();

    /** Copies row {@code row}'s {@link #width()} floats into {@code dst} from {@code offset}. */
    void read(int row, float[] dst, int offset);

    /** Rows stored row-major in one array (not copied: do not modify it while a probe reads it). */
    static FeatureRows of(float[] rowMajor, int rows, int width) {
        Objects.requireNonNull(rowMajor, "rowMajor");
        if (rows < 0 || width < 1) {
            throw new IllegalArgumentException("bad shape " + rows + " x " + width);
        }
        if ((long) rows * width != rowMajor.length) {
            throw new IllegalArgumentException(
                    "array holds " + rowMajor.length + " floats, not " + rows + " x " + width);
        }
        return new ArrayFeatureRows(rowMajor, rows, width);
    }

    /** The rows of a {@link FeatureMatrix}, without copying. */
    static FeatureRows of(FeatureMatrix matrix) {
        return of(matrix.data(), matrix.rows(), matrix.cols());
    }

    /** A view of chosen rows of {@code base}: row i of the view is row {@code rowIndex[i]} of base. */
    static FeatureRows select(FeatureRows base, int[] rowIndex) {
        Objects.requireNonNull(base, "base");
        int[] index = rowIndex.clone();
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= base.rows()) {
                throw new IllegalArgumentException(
                        "rowIndex[" + i + "] = " + index[i] + " is outside 0.." + (base.rows() - 1));
            }
        }
        return new SelectedFeatureRows(base, index);
    }
}
