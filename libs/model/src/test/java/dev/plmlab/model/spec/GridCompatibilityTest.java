package dev.plmlab.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.TaskType;
import dev.plmlab.model.messages.DatasetReady;
import dev.plmlab.model.messages.EmbeddingsReady;
import dev.plmlab.model.messages.EmbeddingsRequest;
import dev.plmlab.model.messages.ProbeRequest;
import dev.plmlab.model.plan.GridPlanner;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridCompatibilityTest {

    private static List<String> errors(String spec) {
        return SpecReader.validate(spec).stream().map(e -> e.path() + ": " + e.message()).toList();
    }

    private static void assertError(String spec, String expected) {
        List<String> errors = errors(spec);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected '" + expected + "' in " + errors);
    }

    @Test
    void cnnNeedsOneHotInput() {
        assertError("""
                name: x
                tasks: [{dataset: gb1, split: sampled}]
                models: [{family: one-hot}, {family: esm2, size: t6_8M}]
                probes: [{type: cnn, architecture: maxpool}]
                """, "probes[0]: cnn needs one-hot input; models[1] is esm2");
    }

    @Test
    void aProbeThatFitsNoTaskAndATaskNoProbeFitsAreRejected() {
        String spec = """
                name: x
                tasks: [{dataset: ss3, split: sampled}]
                models: [{family: one-hot}]
                probes: [ridge]
                """;
        assertError(spec, "probes[0]: ridge fits regression tasks; no task here is one (tasks: ss3/sampled is per-residue-classification)");
        assertError(spec, "tasks[0]: no probe here fits a per-residue-classification task (probes: ridge); add linear or mlp");
    }

    @Test
    void poolingMustMatchTheTask() {
        assertError("""
                name: x
                tasks: [{dataset: ss3, split: sampled}]
                models: [{family: esm2, size: t6_8M, pooling: mean}]
                probes: [linear]
                """, "models[0].pooling: mean gives one vector per sequence, but tasks[0] (ss3/sampled) is per residue");
        assertError("""
                name: x
                tasks: [{dataset: gb1, split: sampled}]
                models: [{family: esm2, size: t6_8M, pooling: none}]
                probes: [ridge]
                """, "models[0].pooling: none gives per-residue features, but tasks[0] (gb1/sampled) is a regression task");
    }

    @Test
    void probeParametersAreChecked() {
        String spec = """
                name: x
                tasks: [{dataset: scl, split: balanced}]
                models: [{family: one-hot}]
                probes:
                  - {type: linear, keep: worst, epochs: 2.5}
                  - {type: mlp, dropout: 1.5, hidden: 0}
                  - {type: linear, architecture: maxpool}
                """;
        assertError(spec, "probes[0].keep: expected one of best, last");
        assertError(spec, "probes[0].epochs: expected a whole number");
        assertError(spec, "probes[1].dropout: must be at least 0 and below 1, got 1.5");
        assertError(spec, "probes[1].hidden: must be at least 1");
        assertError(spec, "probes[2]");
        assertError("""
                name: x
                tasks: [{dataset: gb1, split: sampled}]
                models: [{family: one-hot}]
                probes: [{type: cnn, architecture: resnet}]
                """, "probes[0].architecture: expected one of maxpool, linear-maxpool, 3-maxpool, 3-dilated, flip");
    }

    @Test
    void theFastaLayoutNeedsItsSequencesAndIsPerResidue() {
        assertError("""
                name: x
                tasks: [{file: data/labels.fasta, type: per-residue-classification}]
                models: [{family: one-hot}]
                probes: [linear]
                """, "tasks[0].sequences: required with a labels FASTA");
        assertError("""
                name: x
                tasks: [{file: data/labels.fasta, sequences: data/seqs.fasta, type: regression}]
                models: [{family: one-hot}]
                probes: [linear]
                """, "tasks[0].type: a labels FASTA with 'sequences' is a per-residue-classification task");
    }

    @Test
    void taskTypesKeepAProbeOffTheOtherTasks() throws Exception {
        ExperimentSpec spec = SpecReader.parse("""
                name: paper
                tasks: [{dataset: gb1, split: sampled}, {dataset: scl, split: balanced}, {dataset: ss3, split: cb513}]
                models: [{family: one-hot}]
                probes: [ridge, {type: linear, task_types: [classification, per-residue-classification]}]
                seeds: [1, 2]
                """);
        for (TaskSpec task : spec.tasks()) {
            DatasetReady ready = new DatasetReady(1, "dataset-x", "exp", task.name(), "datasets/x.json", "sha", 1, 1, 1, false);
            EmbeddingsRequest e = GridPlanner.embeddingJobs("exp", spec, task, ready).get(0);
            List<String> types = GridPlanner.probeJobs("exp", spec, task, e,
                            new EmbeddingsReady(1, e.jobId(), "exp", task.name(), "features-x", List.of(0), false))
                    .stream().map(p -> p.probe().type() + "/" + p.seed()).toList();
            assertEquals(task.type() == TaskType.REGRESSION ? List.of("ridge/1") : List.of("linear/1", "linear/2"), types,
                    task.name());
        }
    }

    @Test
    void taskTypesAreChecked() {
        String tasks = """
                name: x
                tasks: [{dataset: gb1, split: sampled}]
                models: [{family: one-hot}]
                """;
        assertError(tasks + "probes: [ridge, {type: linear, task_types: [classification]}]\n",
                "probes[1]: linear fits classification tasks (its task_types); no task here is one (tasks: gb1/sampled is regression)");
        assertError(tasks + "probes: [{type: linear, task_types: [classification]}]\n",
                "tasks[0]: no probe here fits a regression task (probes: linear (task_types: classification)); add ridge, linear or mlp,"
                        + " or add regression to a probe's task_types");
        assertError(tasks + "probes: [{type: cnn, task_types: [per-residue-classification]}]\n",
                "probes[0].task_types[0]: cnn does not fit per-residue-classification tasks; it fits regression tasks");
        assertEquals(List.of(), errors(tasks + "probes: [{type: mlp, task_types: regression, hidden: 8}]\n"), "one type needs no list");
        assertEquals(List.of("probes[0].task_types[0]: unknown task type 'sequence' (allowed: regression, classification, per-residue-classification)"),
                errors(tasks + "probes: [{type: ridge, task_types: [sequence]}]\n"));
    }

    @Test
    void aMixedGridPairsEachProbeWithTheTasksItFitsAndPoolsPerTask() throws Exception {
        ExperimentSpec spec = SpecReader.parse("""
                name: mixed
                tasks:
                  - {dataset: gb1, split: sampled}
                  - {name: bind, file: data/labels.fasta, sequences: data/seqs.fasta, mask: data/mask.fasta, type: per-residue-classification}
                models: [{family: esm2, size: t6_8M, layers: [0, 6]}]
                probes: [ridge, {type: linear, keep: last}]
                seeds: [1, 2]
                """);
        TaskSpec gb1 = spec.tasks().get(0);
        TaskSpec bind = spec.tasks().get(1);
        assertEquals(TaskType.PER_RESIDUE_CLASSIFICATION, bind.type());
        assertEquals("data/mask.fasta", bind.mask());
        for (TaskSpec task : List.of(gb1, bind)) {
            DatasetReady ready = new DatasetReady(1, "dataset-x", "exp", task.name(), "datasets/x.json", "sha", 1, 1, 1, false);
            List<EmbeddingsRequest> embeddings = GridPlanner.embeddingJobs("exp", spec, task, ready);
            assertEquals(1, embeddings.size());
            Pooling expected = task == bind ? Pooling.NONE : Pooling.MEAN;
            assertEquals(expected, embeddings.get(0).pooling());
            EmbeddingsRequest e = embeddings.get(0);
            List<ProbeRequest> probes = GridPlanner.probeJobs("exp", spec, task, e,
                    new EmbeddingsReady(1, e.jobId(), "exp", task.name(), "features-x", List.of(0, 6), false));
            List<String> types = probes.stream().map(p -> p.probe().type() + "/" + p.seed()).distinct().toList();
            assertEquals(task == bind ? List.of("linear/1", "linear/2") : List.of("ridge/1", "linear/1", "linear/2"), types);
        }
    }
}
