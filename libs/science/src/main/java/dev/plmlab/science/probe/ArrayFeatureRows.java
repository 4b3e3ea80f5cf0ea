package dev.plmlab.science.probe;

/** {@link FeatureRows} over one row-major array. */
record ArrayFeatureRows(float[] data, int rows, int width) implements FeatureRows {
    @Override
    public void read(int row, float[] dst, int offset) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
        System.arraycopy(data, row * width, dst, offset, width);
    }
}
