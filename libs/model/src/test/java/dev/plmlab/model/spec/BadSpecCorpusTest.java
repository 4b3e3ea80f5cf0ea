package dev.plmlab.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs are untrusted input: every case of {@code bad-input/specs/} (listed in its {@code cases.tsv}) and every
 * generated case below must be rejected, never accepted, never with an exception other than
 * {@link InvalidSpecException}, quickly, with the expected path and a message naming what is wrong.
 */
class BadSpecCorpusTest {

    /** Far above what any case takes (tens of milliseconds); a regression to quadratic or unbounded work fails it. */
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static final String VALID = """
            name: generated
            tasks:
              - {dataset: gb1, split: sampled}
            models:
              - {family: one-hot}
            probes: [ridge]
            """;

    private record Case(String name, String path, String message) {
    }

    @TempDir
    Path temp;

    private static Path corpus() throws URISyntaxException {
        return Path.of(BadSpecCorpusTest.class.getResource("/bad-input/specs/cases.tsv").toURI()).getParent();
    }

    private static List<Case> manifest() throws IOException, URISyntaxException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(corpus().resolve("cases.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertEquals(3, f.length, "cases.tsv: file, path, message: " + line);
            cases.add(new Case(f[0], f[1], f[2]));
        }
        return cases;
    }

    @Test
    void everyFileIsInTheManifestAndEveryCaseHasAFile() throws Exception {
        Set<String> listed = manifest().stream().map(Case::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> files;
        try (Stream<Path> list = Files.list(corpus())) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> !n.equals("cases.tsv"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, listed);
        assertTrue(listed.size() >= 25, "at least 25 committed cases, got " + listed.size());
    }

    @TestFactory
    Stream<DynamicTest> everyCommittedCaseIsRejected() throws Exception {
        Path dir = corpus();
        return manifest().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertRejected(c, () -> SpecReader.read(dir.resolve(c.name())))));
    }

    @TestFactory
    Stream<DynamicTest> everyGeneratedCaseIsRejected() {
        List<DynamicTest> tests = new ArrayList<>();
        // 50 MB used to take minutes (a long scalar scans in quadratic time); now the size is checked first
        String huge = VALID + "description: " + "x".repeat(50 * 1024 * 1024) + "\n";
        tests.add(generated("over-1-mib-text", "(file)", "bytes; the limit is 1 MiB", () -> SpecReader.parse(huge)));
        String justOver = VALID + "description: |\n" + ("  " + "y".repeat(1000) + "\n").repeat(1100);
        tests.add(generated("just-over-1-mib-text", "(file)", "the spec is " + SpecYaml.utf8Length(justOver) + " bytes; the limit is 1 MiB",
                () -> SpecReader.parse(justOver)));
        tests.add(generated("over-1-mib-file", "(file)", "bytes; the limit is 1 MiB", () -> {
            Path file = temp.resolve("huge.yaml");
            Files.writeString(file, huge);
            return SpecReader.read(file);
        }));
        // multi-byte characters count as bytes: 400 000 'é' are 800 000 bytes, 600 000 are 1 200 000
        String accents = VALID + "description: |\n" + ("  " + "é".repeat(1000) + "\n").repeat(600);
        tests.add(generated("over-1-mib-in-utf8", "(file)", "the spec is " + SpecYaml.utf8Length(accents) + " bytes",
                () -> SpecReader.parse(accents)));
        String longLine = VALID + "description: " + "z".repeat(SpecYaml.MAX_LINE) + "\n";
        tests.add(generated("line-over-65536-characters", "(line 7)", "longer than 65536 characters", () -> SpecReader.parse(longLine)));
        StringBuilder seeds = new StringBuilder(VALID).append("seeds:\n");
        for (int i = 0; i <= SpecNodes.MAX_LIST; i++) {
            seeds.append("  - ").append(i).append('\n');
        }
        tests.add(generated("1001-seeds", "seeds", "lists 1001 entries; the limit is 1000", () -> SpecReader.parse(seeds.toString())));
        String values = VALID + "description:\n" + "  - [1, 2, 3, 4, 5, 6, 7, 8, 9]\n".repeat(SpecYaml.MAX_VALUES / 10 + 1);
        tests.add(generated("over-100000-values", "(file)", "more than 100000 values", () -> SpecReader.parse(values)));
        String deep = VALID + "description:\n" + " [\n".repeat(200_000);
        tests.add(generated("200000-levels-deep", "description" + "[0]".repeat(SpecYaml.MAX_DEPTH - 1), "nested deeper than 32 levels",
                () -> SpecReader.parse(deep)));
        StringBuilder errors = new StringBuilder(VALID).append("seeds:\n");
        for (int i = 0; i < 900; i++) {
            errors.append("  - seed").append(i).append('\n');
        }
        tests.add(generated("900-errors-listed-as-100", "(file)", "and 800 more error(s) not listed", () -> SpecReader.parse(errors.toString())));
        StringBuilder grid = new StringBuilder("name: grid\ntasks:\n");
        for (int i = 0; i < 1000; i++) {
            grid.append("  - {dataset: ss3, split: sampled, name: t").append(i).append("}\n");
        }
        grid.append("models:\n").append("  - {family: one-hot, pooling: mean}\n".repeat(1000)).append("probes: [linear]\n");
        tests.add(generated("a-million-pooling-errors", "models[0].pooling", "mean gives one vector per sequence", () -> SpecReader.parse(grid.toString())));
        tests.add(generated("null-text", "(file)", "the spec is empty", () -> SpecReader.parse(null)));
        return tests.stream();
    }

    private interface Reading {
        ExperimentSpec read() throws Exception;
    }

    private static DynamicTest generated(String name, String path, String message, Reading reading) {
        return DynamicTest.dynamicTest(name, () -> assertRejected(new Case(name, path, message), reading));
    }

    private static void assertRejected(Case c, Reading reading) {
        List<SpecError> errors = assertTimeoutPreemptively(LIMIT, () -> {
            try {
                ExperimentSpec spec = reading.read();
                fail(c.name() + " was accepted: " + spec);
                return null;
            } catch (InvalidSpecException e) {
                return e.errors();
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                fail(c.name() + " threw " + e + " instead of InvalidSpecException", e);
                return null;
            }
        }, c.name() + " took longer than " + LIMIT);
        assertFalse(errors.isEmpty(), c.name());
        assertTrue(errors.size() <= SpecNodes.MAX_ERRORS + 1, c.name() + ": " + errors.size() + " errors");
        for (SpecError e : errors) {
            assertFalse(e.message().contains("internal error"), c.name() + ": " + e);
            assertFalse(e.message().contains("Exception") || e.message().contains("\tat ") || e.message().contains("\n"),
                    c.name() + ": a message reads like a stack trace: " + e);
            assertTrue(e.message().length() <= 600, c.name() + ": message of " + e.message().length() + " characters");
        }
        assertTrue(errors.stream().anyMatch(e -> e.path().equals(c.path()) && e.message().contains(c.message())),
                c.name() + ": expected '" + c.path() + ": ..." + c.message() + "...' among " + errors);
    }

    @Test
    void everyShippedExampleStillValidates() throws Exception {
        Path examples = Path.of(System.getProperty("plmlab.repo.root", "../.."), "examples");
        List<Path> files;
        try (Stream<Path> list = Files.list(examples)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "examples found in " + examples.toAbsolutePath());
        for (Path file : files) {
            assertTimeoutPreemptively(LIMIT, () -> SpecReader.read(file), file.toString());
        }
    }
}
