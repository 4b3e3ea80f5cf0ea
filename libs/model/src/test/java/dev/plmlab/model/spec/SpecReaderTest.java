package dev.plmlab.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

    private static final String VALID = """
            name: gb1-demo
            tasks:
              - dataset: gb1
                split: sampled
              - name: mine
                file: data/my.csv
                type: regression
                columns: {sequence: seq, target: fitness}
            models:
              - family: one-hot
              - family: esm2
                size: t6_8M
                variants: [pretrained, stat-transfer/permute]
                seeds: [42, 0]
                layers: "0-2, 6"
            probes:
              - type: ridge
                alphas: [0.1, 1]
            seeds: [42, 7]
            compute:
              backend: triton
              token_budget: 4096
              long_sequences: sliding-window
            """;

    @Test
    void readsAFullSpec() throws Exception {
        ExperimentSpec spec = SpecReader.parse(VALID);
        assertEquals("gb1-demo", spec.name());
        assertEquals(2, spec.tasks().size());
        TaskSpec gb1 = spec.tasks().get(0);
        assertEquals("gb1/sampled", gb1.name());
        assertEquals(56, gb1.maxResidues());
        assertEquals(TaskType.REGRESSION, gb1.type());
        TaskSpec mine = spec.tasks().get(1);
        assertEquals("seq", mine.columns().get("sequence"));
        assertEquals("set", mine.columns().get("set"));
        ModelSpec esm = spec.models().get(1);
        assertEquals(List.of(Variant.PRETRAINED, Variant.STAT_TRANSFER_PERMUTE), esm.variants());
        assertEquals(List.of(0, 1, 2, 6), esm.layers().resolve(6));
        assertEquals(List.of(0.1, 1.0), spec.probes().get(0).alphas());
        assertEquals(List.of(42, 7), spec.seeds());
        assertEquals(LongSequencePolicy.SLIDING_WINDOW, spec.compute().longSequences());
        assertEquals(4096, spec.compute().tokenBudget());
    }

    @Test
    void reportsEveryErrorWithItsPath() {
        String spec = """
                name: bad
                tasks:
                  - dataset: gb1
                    split: sampled
                  - dataset: gb1
                    split: two_vs_rest
                  - dataset: gb1
                    split: low_vs_hi
                models:
                  - family: esm2
                    size: t6_8M
                    layers: [0, 9]
                probes:
                  - type: ridge
                    alphas: [1, -2]
                """;
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecReader.parse(spec));
        List<String> errors = e.errors().stream().map(SpecError::toString).toList();
        assertEquals(List.of(
                "tasks[2].split: unknown split 'low_vs_hi' for gb1 (known: sampled, low_vs_high, two_vs_rest, one_vs_rest, three_vs_rest)",
                "models[0].layers[1]: layer 9 does not exist: esm2_t6_8M_UR50D has layers 0-6",
                "probes[0].alphas[1]: alpha must be greater than 0, got -2.0"), errors);
    }

    @Test
    void flagsUnknownKeysMissingPartsAndWrongTypes() {
        String spec = """
                name: "has space"
                taks: []
                models:
                  - family: esm3
                  - family: carp
                    size: 38M
                    pretraining: [0.3]
                    variants: [shuffled]
                probes: [ridge, forest]
                seeds: [one]
                compute: {backend: gpu, token_budget: 10}
                """;
        List<String> errors = SpecReader.validate(spec).stream().map(SpecError::toString).toList();
        assertTrue(errors.contains("taks: unknown key 'taks' (allowed: compute, description, models, name, probes, seeds, tasks)"), errors::toString);
        assertTrue(errors.contains("tasks: required (a list)"), errors::toString);
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("name: 'has space' must be")), errors::toString);
        assertTrue(errors.contains("models[0].family: unknown family 'esm3' (known: one-hot, esm1, esm1b, esm2, carp)"), errors::toString);
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("models[1].pretraining[0]: no published checkpoint at 0.3")), errors::toString);
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("models[1].variants[0]: unknown variant 'shuffled'")), errors::toString);
        assertTrue(errors.contains("probes[1]: unknown probe 'forest' (allowed: ridge, linear, mlp, cnn)"), errors::toString);
        assertTrue(errors.contains("seeds[0]: expected a whole number, got 'one'"), errors::toString);
        assertTrue(errors.contains("compute.backend: unknown value 'gpu' (allowed: local, triton)"), errors::toString);
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("compute.token_budget: must be at least 64")), errors::toString);
        assertEquals(10, errors.size(), errors::toString);
    }

    @Test
    void ownDataNeedsTypeAndCheckedDownloads() {
        String spec = """
                name: own
                tasks:
                  - url: http://example.org/x.csv
                  - file: a.csv
                    dataset: gb1
                models: [{family: one-hot}]
                probes: [ridge]
                """;
        List<String> errors = SpecReader.validate(spec).stream().map(SpecError::toString).toList();
        assertTrue(errors.contains("tasks[0].url: must start with https://, got 'http://example.org/x.csv'"), errors::toString);
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("tasks[0].sha256: required with 'url'")), errors::toString);
        assertTrue(errors.stream().anyMatch(s -> s.startsWith("tasks[0].type: required for your own data")), errors::toString);
        assertTrue(errors.contains("tasks[1]: give only one of 'dataset', 'file' or 'url'"), errors::toString);
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() {
        List<SpecError> errors = SpecReader.validate("name: x\ntasks: [\n  - a\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).path().startsWith("(line "), errors.toString());
        assertTrue(errors.get(0).message().startsWith("not valid YAML"), errors.toString());
    }

    @Test
    void everyShippedExampleIsValid() throws IOException {
        Path examples = Path.of(System.getProperty("plmlab.repo.root", "../.."), "examples");
        List<Path> files;
        try (Stream<Path> list = Files.list(examples)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "examples found in " + examples.toAbsolutePath());
        for (Path file : files) {
            assertEquals(List.of(), SpecReader.validate(Files.readString(file)), file.toString());
        }
    }
}
