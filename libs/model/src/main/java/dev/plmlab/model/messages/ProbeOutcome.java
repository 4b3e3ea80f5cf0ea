package dev.plmlab.model.messages;

import java.util.List;
import java.util.Map;

/** What one probe achieved; stored under its job's result key and carried by {@link ProbeResult}. */
public record ProbeOutcome(String task, String split, String model, String variant, int modelSeed, int layer,
                           String probe, int seed, List<MetricValue> metrics, int nTrain, int nVal, int nTest,
                           Map<String, Object> params) {
}
