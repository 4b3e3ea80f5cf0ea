package dev.plmlab.model.spec;

import java.util.List;

/**
 * One experiment: a grid of tasks × models × probes × seeds, as written in a spec file.
 * Build it with {@link SpecReader}, which validates it.
 */
public record ExperimentSpec(
        String name,
        String description,
        List<TaskSpec> tasks,
        List<ModelSpec> models,
        List<ProbeSpec> probes,
        List<Integer> seeds,
        ComputeSpec compute) {
}
