package dev.plmlab.model.catalog;

/** What a task predicts, which fixes its probe family and its headline metric. */
public enum TaskType {
    REGRESSION("spearman"),
    CLASSIFICATION("accuracy"),
    PER_RESIDUE_CLASSIFICATION("accuracy");

    private final String headlineMetric;

    TaskType(String headlineMetric) {
        this.headlineMetric = headlineMetric;
    }

    public String headlineMetric() {
        return headlineMetric;
    }

    public String specName() {
        return name().toLowerCase().replace('_', '-');
    }
}
