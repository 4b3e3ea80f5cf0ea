package dev.plmlab.science.probe;

/**
 * Features of n examples, p each, stored row-major in one float array (row i occupies
 * {@code data[i*cols .. (i+1)*cols)}), which is how embeddings and one-hot features arrive.
 * The array is not copied: callers must not modify it while a probe uses it.
 */
public record FeatureMatrix(float[] data, int rows, int cols) {
    public FeatureMatrix {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException("bad shape " + rows + " x " + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("data holds " + data.length + " values, not " + rows + " x " + cols);
        }
    }

    /** Copies equally long rows into one row-major matrix. */
    public static FeatureMatrix of(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows; use the record constructor to give the width of an empty matrix");
        }
        int cols = rows[0].length;
        float[] data = new float[Math.multiplyExact(rows.length, cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new FeatureMatrix(data, rows.length, cols);
    }

    public float get(int row, int col) {
        return data[row * cols + col];
    }
}
