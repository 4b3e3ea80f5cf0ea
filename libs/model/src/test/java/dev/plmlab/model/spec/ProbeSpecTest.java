package dev.plmlab.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.messages.JobIds;
import dev.plmlab.model.messages.Messages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A probe's JSON is part of every probe job's id (GridPlanner.probeJobs): the literals below were captured from the
 * build before {@code task_types} existed, so stored results keep their job ids.
 */
class ProbeSpecTest {

    private static final String RIDGE = "{\"alphas\":[0.001,0.01,0.1,1.0,10.0],\"params\":{},\"type\":\"ridge\"}";
    private static final String LINEAR = "{\"alphas\":[],\"params\":{\"epochs\":100,\"lr\":1.0E-4,\"patience\":10},\"type\":\"linear\"}";
    private static final String MLP = "{\"alphas\":[],\"params\":{\"dropout\":0.2,\"hidden\":64},\"type\":\"mlp\"}";
    /** JobIds.of("probe", {probe: LINEAR, layer: 3}) before the change. */
    private static final String LINEAR_JOB = "probe-44db939507b8216050e4f0075e5cba2b";

    private static List<ProbeSpec> probes(String probes) throws InvalidSpecException {
        return SpecReader.parse("""
                name: x
                tasks: [{dataset: gb1, split: sampled}, {dataset: scl, split: balanced}]
                models: [{family: one-hot}]
                """ + probes).probes();
    }

    private static String job(ProbeSpec probe) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("probe", probe);
        content.put("layer", 3);
        return JobIds.of("probe", content);
    }

    @Test
    void aProbeWithoutTaskTypesSerialisesAsBefore() throws Exception {
        List<ProbeSpec> probes = probes("""
                probes:
                  - ridge
                  - {type: linear, lr: 0.0001, epochs: 100, patience: 10}
                """);
        assertEquals(RIDGE, Messages.toJson(probes.get(0)));
        assertEquals(LINEAR, Messages.toJson(probes.get(1)));
        assertEquals(LINEAR_JOB, job(probes.get(1)));
        assertEquals(MLP, Messages.toJson(new ProbeSpec("mlp", List.of(), new LinkedHashMap<>(Map.of("hidden", 64, "dropout", 0.2)))));
        assertNull(probes.get(1).taskTypes());
    }

    @Test
    void taskTypesNarrowWhereAProbeRunsButNotWhatItsJobsAreCalled() throws Exception {
        ProbeSpec linear = probes("""
                probes:
                  - ridge
                  - {type: linear, lr: 0.0001, epochs: 100, patience: 10, task_types: [per-residue-classification, classification]}
                """).get(1);
        assertEquals(List.of(TaskType.CLASSIFICATION, TaskType.PER_RESIDUE_CLASSIFICATION), linear.taskTypes());
        assertFalse(linear.fits(TaskType.REGRESSION));
        assertTrue(linear.fits(TaskType.CLASSIFICATION));
        assertTrue(linear.fits(TaskType.PER_RESIDUE_CLASSIFICATION));
        // the restriction picks the tasks; a job on a classification task computes the same, so keeps its id
        assertEquals(LINEAR, Messages.toJson(linear));
        assertEquals(LINEAR_JOB, job(linear));
    }

    @Test
    void decodesFromMessagesWithoutTheField() throws Exception {
        ProbeSpec back = Messages.mapper().readValue(LINEAR, ProbeSpec.class);
        assertEquals("linear", back.type());
        assertEquals(100, back.params().get("epochs"));
        assertNull(back.taskTypes());
        assertTrue(back.fits(TaskType.REGRESSION));
    }

    @Test
    void withoutTaskTypesAProbeFitsWhatItsKindFits() {
        ProbeSpec ridge = new ProbeSpec("ridge", ProbeSpec.DEFAULT_ALPHAS, Map.of());
        assertTrue(ridge.fits(TaskType.REGRESSION));
        assertFalse(ridge.fits(TaskType.CLASSIFICATION));
        ProbeSpec mlp = new ProbeSpec("mlp", List.of(), Map.of());
        for (TaskType t : TaskType.values()) {
            assertTrue(mlp.fits(t), t.toString());
        }
        // a restriction never widens what a kind fits
        assertFalse(new ProbeSpec("cnn", List.of(), Map.of(), List.of(TaskType.CLASSIFICATION)).fits(TaskType.CLASSIFICATION));
    }
}
