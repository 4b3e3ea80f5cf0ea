package dev.plmlab.science.probe;

/** {@link FeatureRows#select}: chosen rows of another source, read through. */
final class SelectedFeatureRows implements FeatureRows {
    private final FeatureRows base;
    private final int[] index;

    SelectedFeatureRows(FeatureRows base, int[] index) {
        this.base = base;
        this.index = index;
    }

    @Override
    public int rows() {
        return index.length;
    }

    @Override
    public int width() {
        return base.width();
    }

    @Override
    public void read(int row, float[] dst, int offset) {
        base.read(index[row], dst, offset);
    }
}
