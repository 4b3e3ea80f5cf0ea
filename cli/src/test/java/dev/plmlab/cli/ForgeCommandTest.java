package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.EmbedderOutputs;
import dev.plmlab.model.spec.Variant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plmlab forge} from local files, and its answers to bad input. Downloads and S3 are in the ITs. */
class ForgeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void pretrainedLocalCheckpointBecomesAnEntryThatReproducesTheReference() throws Exception {
        Golden esm2 = Golden.of("esm2");
        Path repo = tmp.resolve("repo");
        CliRun run = CliRun.of("forge", "--checkpoint", esm2.checkpoint().toString(), "--out", repo.toString());
        assertEquals(0, run.exitCode(), run.err());
        String name = ForgedNames.of("esm2_t3_64_tiny", esm2.checkpoint(), Variant.PRETRAINED, 0);
        assertTrue(name.startsWith("esm2_t3_64_tiny--"), name);
        assertTrue(run.out().contains("forged " + name + " -> "), run.out());

        ForgedEntry entry = new ForgedEntry(repo.resolve(name));
        entry.assertLaidOut();
        EmbedderOutputs out = entry.loadAndRun(Family.ESM2, esm2.sequences(), esm2.lastLayer());
        double diff = ForgedEntry.maxMeanDiff(out, esm2.expected());
        assertTrue(diff <= 1e-4, "pretrained means differ from the reference by " + diff);
    }

    @Test
    void seededVariantIsNamedAfterVariantAndSeed() throws Exception {
        Golden carp = Golden.of("carp");
        Path repo = tmp.resolve("repo");
        CliRun run = CliRun.of("forge", "--checkpoint", carp.checkpoint().toString(), "--out", repo.toString(),
                "--variant", "random-init/reference", "--seed", "3", "--max-batch-size", "0");
        assertEquals(0, run.exitCode(), run.err());
        String name = ForgedNames.of("carp_tiny", carp.checkpoint(), Variant.RANDOM_INIT_REFERENCE, 3);
        assertTrue(name.startsWith("carp_tiny__random-init-reference__s3--"), name);
        ForgedEntry entry = new ForgedEntry(repo.resolve(name));
        entry.assertLaidOut();
        String config = Files.readString(entry.config());
        // without batching the batch dimension is explicit and there is no dynamic batching
        assertTrue(config.contains("max_batch_size: 0\n") && !config.contains("dynamic_batching"), config);
        assertTrue(config.contains("dims: [ -1, -1 ]"), config);
    }

    @Test
    void unknownModelNameListsCloseAndKnownNames() {
        Path repo = tmp.resolve("repo");
        CliRun run = CliRun.of("forge", "esm2_t6_8M", "--out", repo.toString(), "--cache", tmp.resolve("cache").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no model 'esm2_t6_8M' in the catalogue"), run.err());
        assertTrue(run.err().contains("did you mean: esm2_t6_8M_UR50D"), run.err());
        assertTrue(run.err().contains("known models: ") && run.err().contains("carp_640M"), run.err());
        assertFalse(Files.exists(repo));
    }

    @Test
    void unknownVariantIsRejectedBeforeAnythingIsDownloaded() {
        // the URL would fail if it were tried: the variant must be checked first
        CliRun run = CliRun.of("forge", "esm2_t6_8M_UR50D", "--variant", "shuffle", "--url", "http://127.0.0.1:9/none.pt",
                "--out", tmp.resolve("repo").toString(), "--cache", tmp.resolve("cache").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown variant 'shuffle'; use one of: pretrained, random-init"), run.err());
        assertFalse(Files.exists(tmp.resolve("cache")));
    }

    @Test
    void maliciousCheckpointIsRefusedAndNothingRuns() throws IOException {
        Path marker = tmp.resolve("pwned");
        Path evil = tmp.resolve("evil.pt");
        Files.write(evil, torchZipWithPickle(osSystemPickle("touch " + marker)));
        CliRun run = CliRun.of("forge", "--checkpoint", evil.toString(), "--out", tmp.resolve("repo").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("cannot use the checkpoint") && run.err().contains("os.system"), run.err());
        assertFalse(Files.exists(marker));
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void fileThatIsNoCheckpointIsRefused() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.pt"), "not a model");
        CliRun run = CliRun.of("forge", "--checkpoint", text.toString(), "--out", tmp.resolve("repo").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("not a torch checkpoint"), run.err());
    }

    @Test
    void nameAndCheckpointTogetherOrNeitherIsRefused() {
        String repo = tmp.resolve("repo").toString();
        CliRun both = CliRun.of("forge", "esm2_t6_8M_UR50D", "--checkpoint", "x.pt", "--out", repo);
        CliRun neither = CliRun.of("forge", "--out", repo);
        assertEquals(1, both.exitCode());
        assertEquals(1, neither.exitCode());
        assertTrue(neither.err().contains("either a catalogue model NAME or --checkpoint FILE"), neither.err());
    }

    /** Pickle protocol 2 for {@code os.system(command)}: what a booby-trapped torch file holds. */
    private static byte[] osSystemPickle(String command) {
        byte[] text = command.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        out.write('X'); // BINUNICODE: 4-byte little-endian length, then UTF-8
        for (int shift = 0; shift < 32; shift += 8) {
            out.write((text.length >>> shift) & 0xff);
        }
        out.writeBytes(text);
        out.write(0x85); // TUPLE1
        out.write('R'); // REDUCE
        out.write('.');
        return out.toByteArray();
    }

    /** A torch >= 1.6 style zip: {@code archive/data.pkl} and {@code archive/version}. */
    private static byte[] torchZipWithPickle(byte[] pickle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "archive/data.pkl", pickle);
            put(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(content);
        zip.closeEntry();
    }
}
