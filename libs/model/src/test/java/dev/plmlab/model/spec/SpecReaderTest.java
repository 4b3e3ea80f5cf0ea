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
        assertTrue(errors.contains("taks: unknown key 'taks'; did you mean 'tasks'? (allowed: compute, description, models, name, probes, seeds, tasks)"), errors::toString);
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
    void whatASpecLegitimatelyHoldsStillReads() throws Exception {
        // each line here is something the hostile-input checks must not refuse
        ExperimentSpec spec = SpecReader.parse("""
                ---
                # Größe: a comment in UTF-8 is fine
                name: edge-cases
                description: |
                  Several lines,	inner tabs
                  and "quotes".
                tasks:
                  - {dataset: gb1, split: sampled, name: "Stabilität (TAPE) 2/3: low+high"}
                  - {file: data/mine.csv, type: regression, sha256: 0123456789012345678901234567890123456789012345678901234567890123}
                  - {url: "https://example.org/x.csv?v=2", sha256: "%s", type: regression}
                models:
                  - {family: esm2, checkpoint: ckpt/my-esm2.pt, layers: "0-256"}
                  - {family: esm2, size: t6_8M, layers: [0, "2-3", 3, 6], seeds: [0, 2147483647, 0]}
                probes:
                  - {type: ridge, alphas: ["0.5", 1e-3, 10, 1_000.0]}
                  - {type: linear, epochs: 10000, batch_size: 65536, lr: 1E-4}
                seeds: [+7, 7, -0]
                compute: {token_budget: 1_048_576}
                ...
                """.formatted("a".repeat(64)));
        assertEquals("Stabilität (TAPE) 2/3: low+high", spec.tasks().get(0).name());
        assertEquals("0123456789012345678901234567890123456789012345678901234567890123", spec.tasks().get(1).sha256());
        assertEquals("x", spec.tasks().get(2).name());
        assertEquals(257, spec.models().get(0).layers().resolve(300).size());
        assertEquals(List.of(0, 2, 3, 6), spec.models().get(1).layers().resolve(6));
        assertEquals(List.of(0, 2147483647), spec.models().get(1).seeds());
        assertEquals(List.of(0.5, 1e-3, 10.0, 1000.0), spec.probes().get(0).alphas());
        assertEquals(List.of(7, 0), spec.seeds());
        assertEquals(1_048_576, spec.compute().tokenBudget());
        assertTrue(spec.description().contains("\tinner tabs"), spec.description());
    }

    @Test
    void aJsonSpecReadsToo() throws Exception {
        ExperimentSpec spec = SpecReader.parse("""
                {"name": "json", "tasks": [{"dataset": "gb1", "split": "sampled"}],
                 "models": [{"family": "one-hot"}], "probes": ["ridge"], "seeds": [1, 2]}
                """);
        assertEquals(List.of(1, 2), spec.seeds());
    }

    @Test
    void aFileIsCheckedForSizeAndEncoding(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[SpecYaml.MAX_BYTES + 1]);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecReader.read(big));
        assertEquals(List.of(new SpecError("(file)", "the spec is 1048577 bytes; the limit is 1 MiB (1048576 bytes)")), e.errors());
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        e = assertThrows(InvalidSpecException.class, () -> SpecReader.read(latin1));
        assertEquals("the spec is not UTF-8 text; save it as UTF-8", e.errors().get(0).message());
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, VALID);
        assertEquals("gb1-demo", SpecReader.read(ok).name());
    }

    @Test
    void keysOutsideTheGrammarGetQuotedPathsAndSuggestions() {
        List<String> errors = SpecReader.validate(VALID + "Seeds: [1]\n\"a b\": 1\nmodel: x\n").stream().map(SpecError::toString).toList();
        assertTrue(errors.contains("Seeds: unknown key 'Seeds'; did you mean 'seeds'? (allowed: compute, description, models, name, probes, seeds, tasks)"), errors::toString);
        assertTrue(errors.contains("[\"a b\"]: unknown key 'a b' (allowed: compute, description, models, name, probes, seeds, tasks)"), errors::toString);
        assertTrue(errors.contains("model: unknown key 'model'; did you mean 'models'? (allowed: compute, description, models, name, probes, seeds, tasks)"), errors::toString);
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
