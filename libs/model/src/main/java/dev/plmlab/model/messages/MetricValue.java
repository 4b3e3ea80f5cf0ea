package dev.plmlab.model.messages;

/** One test metric with its bootstrap interval (NaN bounds when none was computed). */
public record MetricValue(String metric, double value, double ciLow, double ciHigh) {
}
