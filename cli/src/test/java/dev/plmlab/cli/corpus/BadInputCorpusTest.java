package dev.plmlab.cli.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plmlab.cli.Plmlab;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.spec.InvalidSpecException;
import dev.plmlab.model.spec.SpecError;
import dev.plmlab.model.spec.SpecReader;
import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.csv.SplitCsv;
import dev.plmlab.science.data.fasta.FastaReader;
import dev.plmlab.science.data.fasta.FlipFastaLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bad input of every kind a user can hand plmlab, listed in {@code bad-input/cases.tsv}: datasets (CSV and
 * FLIP's per-residue FASTA layout), checkpoints, FASTA for {@code plmlab embed}, Kafka messages, object keys, and
 * libs/model's bad-spec corpus. Each case must be rejected (or, for the {@code *-warning} kinds, read with the
 * warning in its notes) with a message that names what is wrong and where, within a few seconds, with no stack
 * trace, no JVM exception name and no file content beyond the offending field.
 */
class BadInputCorpusTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final String LETTERS = "ACDEFGHIKLMNPQRSTVWY";
    /** What a message must never read like: a stack trace or a JVM exception leaking through. */
    private static final List<String> LEAKS = List.of("\tat ", "Exception", "StackOverflowError", "OutOfMemoryError",
            "NumberFormat", "NullPointer", "IndexOutOfBounds", "ClassCast", "ArithmeticException", "internal error");
    /** Corpus files hold this in fields that are not at fault: no message may quote it. */
    private static final String SECRET = "SECRET";
    /** Where make.py's hostile pickles would write if any of them ran. */
    private static final Path PWNED = Path.of("/tmp/plmlab-corpus-pwned");

    private record Case(String kind, String file, List<String> expected) {
        String name() {
            return kind + " " + file;
        }
    }

    @TempDir
    Path temp;

    /** The corpus in the source tree (surefire runs in the module folder), so that empty files and folders count. */
    private static Path corpus() {
        return Path.of("src/test/resources/bad-input");
    }

    private static List<Case> manifest() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(corpus().resolve("cases.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertTrue(f.length >= 2, "cases.tsv: kind, file, expected...: " + line);
            cases.add(new Case(f[0], f[1], List.of(Arrays.copyOfRange(f, 2, f.length))));
        }
        return cases;
    }

    @Test
    void everyCorpusFileIsInTheManifestAndTheCorpusCoversEveryKind() throws IOException {
        List<Case> cases = manifest();
        Set<String> listed = cases.stream().map(Case::file).collect(Collectors.toCollection(TreeSet::new));
        Set<String> files = new TreeSet<>();
        for (String folder : List.of("datasets", "checkpoints", "embed-fasta", "messages", "object-keys")) {
            try (Stream<Path> list = Files.list(corpus().resolve(folder))) {
                list.map(p -> folder + "/" + p.getFileName()).filter(n -> !n.endsWith(".py")).forEach(files::add);
            }
        }
        Set<String> unlisted = new TreeSet<>(files);
        unlisted.removeAll(listed);
        assertEquals(Set.of(), unlisted, "corpus files without a line in cases.tsv");
        Set<String> missing = new TreeSet<>(listed);
        missing.removeAll(files);
        missing.removeIf(f -> f.startsWith("../") || f.equals("datasets/absent.csv"));
        assertEquals(Set.of(), missing, "cases.tsv lines without a file");
        assertFalse(Files.exists(corpus().resolve("datasets/absent.csv")), "the missing-file case must stay missing");

        Map<String, Long> perKind = new TreeMap<>(cases.stream().collect(Collectors.groupingBy(Case::kind, Collectors.counting())));
        System.out.println("bad-input corpus: " + perKind);
        assertTrue(perKind.keySet().containsAll(List.of("csv-number", "flip-fasta", "checkpoint", "embed-fasta", "message",
                "object-key", "spec")), perKind.toString());
        long own = cases.stream().filter(c -> !c.kind().equals("spec") && !c.kind().equals("checkpoint-valid")).count();
        assertTrue(own >= 40, "at least 40 cases beyond the spec corpus, got " + own);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsAClearError() throws IOException {
        return manifest().stream().flatMap(c -> c.kind().equals("spec") ? specCases(c)
                : Stream.of(DynamicTest.dynamicTest(c.name(), () -> run(c))));
    }

    private void run(Case c) throws Exception {
        Path file = corpus().resolve(c.file());
        String name = file.getFileName().toString();
        switch (c.kind()) {
            case "csv-number" -> rejected(c, DatasetException.class, name, () -> csv(SplitCsv.LabelKind.NUMBER).read(file));
            case "csv-class" -> rejected(c, DatasetException.class, name, () -> csv(SplitCsv.LabelKind.CLASS_NAME).read(file));
            case "csv-residues" -> rejected(c, DatasetException.class, name, () -> csv(SplitCsv.LabelKind.RESIDUE_LABELS).read(file));
            case "csv-number-warning" -> warned(c, () -> csv(SplitCsv.LabelKind.NUMBER).read(file));
            case "flip-fasta" -> rejected(c, DatasetException.class, name, () -> flipFasta(file));
            case "flip-fasta-warning" -> warned(c, () -> flipFasta(file));
            case "checkpoint" -> {
                rejected(c, dev.plmlab.forge.checkpoint.CheckpointException.class, name, () -> CheckpointReader.read(file));
                assertFalse(Files.exists(PWNED), c.name() + ": a pickle ran code");
            }
            case "checkpoint-valid" -> assertTimeoutPreemptively(LIMIT, () -> CheckpointReader.read(file), c.name());
            case "embed-fasta" -> embed(c, file);
            case "message" -> {
                String type = name.substring(0, name.indexOf('.'));
                Class<?> messageType = Class.forName("dev.plmlab.model.messages." + type);
                String json = Files.readString(file, StandardCharsets.UTF_8);
                rejected(c, dev.plmlab.model.messages.BadMessageException.class, name, () -> Messages.fromJson(json, messageType, name));
            }
            case "object-key" -> {
                String id = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                for (Map.Entry<String, Function<String, String>> key : idKeys().entrySet()) {
                    rejected(new Case(c.kind(), c.file() + " as " + key.getKey(), c.expected()), IllegalArgumentException.class,
                            null, () -> key.getValue().apply(id));
                }
            }
            default -> fail("cases.tsv: unknown kind '" + c.kind() + "'");
        }
    }

    private static SplitCsv csv(SplitCsv.LabelKind kind) {
        return SplitCsv.of(kind, Map.of(), LETTERS);
    }

    private static DataParts flipFasta(Path folder) {
        Path mask = folder.resolve("mask.fasta");
        return FlipFastaLayout.combine(FastaReader.read(folder.resolve("labels.fasta")),
                FastaReader.read(folder.resolve("sequences.fasta")), Files.exists(mask) ? FastaReader.read(mask) : null, LETTERS, 0);
    }

    /** Every ObjectKeys method that puts an id of a job, an experiment, features or a part into a key. */
    private static Map<String, Function<String, String>> idKeys() {
        Map<String, Function<String, String>> keys = new TreeMap<>();
        keys.put("dataset", ObjectKeys::dataset);
        keys.put("result", ObjectKeys::result);
        keys.put("testPredictions", ObjectKeys::testPredictions);
        keys.put("embeddingManifest", ObjectKeys::embeddingManifest);
        keys.put("embeddingLayer(features)", id -> ObjectKeys.embeddingLayer(id, "train", 0));
        keys.put("embeddingLayer(part)", id -> ObjectKeys.embeddingLayer("features-ab12", id, 0));
        keys.put("embeddingOffsets(part)", id -> ObjectKeys.embeddingOffsets("features-ab12", id));
        keys.put("embeddingShard(plan)", id -> ObjectKeys.embeddingShard("features-ab12", id, "train", 0));
        keys.put("experimentSpec", ObjectKeys::experimentSpec);
        keys.put("experimentStatus", ObjectKeys::experimentStatus);
        keys.put("experimentState", ObjectKeys::experimentState);
        keys.put("resultsCsv", ObjectKeys::resultsCsv);
        keys.put("reportMarkdown", ObjectKeys::reportMarkdown);
        keys.put("statisticsCsv", ObjectKeys::statisticsCsv);
        keys.put("reportHtml", ObjectKeys::reportHtml);
        keys.put("reportRequest", ObjectKeys::reportRequest);
        return keys;
    }

    private interface Reading {
        Object read() throws Exception;
    }

    /** Runs the reading, which must throw {@code expected}; checks its message. */
    private static void rejected(Case c, Class<? extends Throwable> expected, String where, Reading reading) {
        Throwable thrown = assertTimeoutPreemptively(LIMIT, () -> {
            try {
                Object accepted = reading.read();
                fail(c.name() + " was accepted: " + shortened(String.valueOf(accepted)));
                return null;
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                return e;
            }
        }, c.name() + " took longer than " + LIMIT);
        if (!expected.isInstance(thrown)) {
            fail(c.name() + " threw " + thrown + " instead of " + expected.getSimpleName(), thrown);
        }
        clear(c, thrown.getMessage(), where);
    }

    private static void warned(Case c, Reading reading) {
        DataParts parts = (DataParts) assertTimeoutPreemptively(LIMIT, reading::read, c.name());
        String notes = String.join("\n", parts.warnings());
        for (String expected : c.expected()) {
            assertTrue(notes.contains(expected), c.name() + ": expected '" + expected + "' among the warnings " + parts.warnings());
        }
        assertFalse(notes.contains(SECRET), c.name() + ": a note quotes file content: " + notes);
    }

    private void embed(Case c, Path fasta) throws IOException {
        Path checkpoint = corpus().resolve("checkpoints/esm2_t1_8_valid.pt");
        Path out = temp.resolve(fasta.getFileName() + ".npz");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = assertTimeoutPreemptively(LIMIT, () -> new CommandLine(new Plmlab())
                .setOut(new PrintWriter(stdout, true)).setErr(new PrintWriter(stderr, true))
                .execute("embed", "--checkpoint", checkpoint.toString(), "--fasta", fasta.toString(), "--out", out.toString()),
                c.name());
        assertNotEquals(0, code, c.name() + " was accepted: " + stdout + stderr);
        assertFalse(Files.exists(out), c.name() + ": wrote " + out);
        String message = stderr.toString().strip();
        clear(c, message, null);
        // plmlab embed reads one FASTA file: a message naming the record and its line, or the file, says where
        assertTrue(message.contains(fasta.getFileName().toString()) || message.contains("FASTA file")
                        || message.matches("(?s).*record '.*' \\(#\\d+, line \\d+\\).*"),
                c.name() + ": the message does not say which file: " + message);
    }

    /** The message exists, holds every expected part, names where, and reads as a message, not a trace. */
    private static void clear(Case c, String message, String where) {
        assertTrue(message != null && !message.isBlank(), c.name() + ": no message");
        for (String expected : c.expected()) {
            assertTrue(message.contains(expected), c.name() + ": expected '" + expected + "' in: " + shortened(message));
        }
        if (where != null) {
            assertTrue(message.contains(where), c.name() + ": the message does not name " + where + ": " + shortened(message));
        }
        for (String leak : LEAKS) {
            assertFalse(message.contains(leak), c.name() + ": the message reads like a stack trace (" + leak + "): "
                    + shortened(message));
        }
        assertFalse(message.contains(SECRET), c.name() + ": the message quotes file content: " + shortened(message));
        assertTrue(message.length() <= 2000, c.name() + ": a message of " + message.length() + " characters");
    }

    private static String shortened(String text) {
        return text.length() <= 3000 ? text : text.substring(0, 3000) + "…";
    }

    /** libs/model's bad-spec corpus, each case with its own expected error path and message. */
    private Stream<DynamicTest> specCases(Case c) {
        Path manifest = corpus().resolve(c.file()).normalize();
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Stream.of(DynamicTest.dynamicTest(c.name(), () -> fail("cannot read " + manifest + ": " + e)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Path spec = manifest.resolveSibling(f[0]);
            tests.add(DynamicTest.dynamicTest("spec " + f[0], () -> {
                List<SpecError> errors = assertTimeoutPreemptively(LIMIT, () -> {
                    try {
                        fail(f[0] + " was accepted: " + SpecReader.read(spec));
                        return null;
                    } catch (InvalidSpecException e) {
                        return e.errors();
                    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                        fail(f[0] + " threw " + e + " instead of InvalidSpecException", e);
                        return null;
                    }
                }, f[0]);
                Case one = new Case("spec", f[0], List.of());
                errors.forEach(e -> clear(one, e.message(), null));
                assertTrue(errors.stream().anyMatch(e -> e.path().equals(f[1]) && e.message().contains(f[2])),
                        f[0] + ": expected '" + f[1] + ": ..." + f[2] + "...' among " + errors);
            }));
        }
        assertTrue(tests.size() >= 25, "the spec corpus at " + manifest + " has " + tests.size() + " cases");
        return tests.stream();
    }
}
