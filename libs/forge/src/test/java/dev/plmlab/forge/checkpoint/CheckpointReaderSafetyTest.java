package dev.plmlab.forge.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted and damaged files: every failure names the file and what is wrong, and nothing runs. */
class CheckpointReaderSafetyTest {

    @TempDir
    Path tmp;

    @Test
    void rejectsGlobalOutsideTheAllowList() throws Exception {
        Path marker = tmp.resolve("pwned");
        // pickle protocol 2 for: os.system("touch <marker>")
        byte[] pickle = concat(bytes(0x80, 2), ascii("cos\nsystem\n"), unicode("touch " + marker), bytes(0x85, 'R', '.'));
        Path file = zipWithPickle("evil", pickle);

        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(Files.exists(marker));
    }

    @Test
    void deeplyNestedAndSelfHoldingPicklesAreAClearError() throws Exception {
        int n = 100_000;
        // a 100 000-deep list as a dict key: hashing it used to end in StackOverflowError
        byte[] deepKey = concat(bytes(0x80, 2, '}'), repeated(']', n), repeated('a', n - 1), bytes('K', 1, 's', '.'));
        // a list that holds itself (MEMOIZE, BINGET 0, APPEND)
        byte[] cycle = concat(bytes(0x80, 4, '}'), unicode("model"), bytes(']', 0x94, 'h', 0, 'a', 's', '.'));
        for (byte[] pickle : new byte[][] {deepKey, cycle}) {
            Path file = zipWithPickle("deep", pickle);
            CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
            assertTrue(e.getMessage().contains("nested deeper than 100 levels (or hold themselves)"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        // 99 levels are fine for the unpickler; the layout then says what it found
        byte[] shallow = concat(bytes(0x80, 2, '}'), unicode("model"), repeated(']', 99), repeated('a', 98), bytes('s', '.'));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(zipWithPickle("shallow", shallow)));
        assertTrue(e.getMessage().contains("unknown checkpoint layout"), e.getMessage());
    }

    private static byte[] repeated(char opcode, int times) {
        byte[] out = new byte[times];
        Arrays.fill(out, (byte) opcode);
        return out;
    }

    @Test
    void rejectsStackGlobalOutsideTheAllowList() throws Exception {
        // protocol 4 names globals from the stack: builtins.eval
        byte[] pickle = concat(bytes(0x80, 4), shortUnicode("builtins"), shortUnicode("eval"), bytes(0x93),
                shortUnicode("1+1"), bytes(0x85, 'R', '.'));
        Path file = zipWithPickle("evil4", pickle);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("builtins.eval"), e.getMessage());
    }

    @Test
    void rejectsMaliciousLegacyStream() throws Exception {
        byte[] legacy = Files.readAllBytes(GoldenFixtures.legacyCheckpoint("esm1"));
        // the object pickle (the 4th) starts at byte 137 in these fixtures; replace everything from there
        byte[] evil = concat(Arrays.copyOf(legacy, 137), bytes(0x80, 2), ascii("csubprocess\nPopen\n"),
                unicode("id"), bytes(0x85, 'R', '.'));
        Path file = tmp.resolve("evil-legacy.pt");
        Files.write(file, evil);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("subprocess.Popen"), e.getMessage());
    }

    @Test
    void rejectsForgedStringLength() throws Exception {
        // BINUNICODE claiming 2 GB in a 20-byte pickle must fail cleanly, not allocate
        byte[] pickle = concat(bytes(0x80, 2, 'X', 0xff, 0xff, 0xff, 0x7f), ascii("abc."));
        Path file = zipWithPickle("forged", pickle);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void reportsMalformedOpcodeSequence() throws Exception {
        // REDUCE on an integer: not callable
        Path file = zipWithPickle("garbled", bytes(0x80, 2, 'K', 1, ')', 'R', '.'));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("corrupt pickle garbled/data.pkl"), e.getMessage());
    }

    @Test
    void reportsTruncatedPickle() throws Exception {
        Path file = zipWithPickle("cut", bytes(0x80, 2, '}', '(', 'X', 5, 0, 0, 0, 'a'));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void reportsTruncatedZip() throws Exception {
        byte[] whole = Files.readAllBytes(GoldenFixtures.checkpoint("esm2"));
        Path file = tmp.resolve("esm2_t3_64_tiny.pt");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("zip"), e.getMessage());
    }

    @Test
    void reportsTruncatedLegacyFile() throws Exception {
        byte[] whole = Files.readAllBytes(GoldenFixtures.legacyCheckpoint("esm1b"));
        Path file = tmp.resolve("esm1b-legacy.pt");
        Files.write(file, Arrays.copyOf(whole, whole.length - 100));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void reportsWrongLegacyMagic() throws Exception {
        byte[] bytes = Files.readAllBytes(GoldenFixtures.legacyCheckpoint("carp"));
        bytes[4] ^= 0x01; // inside the LONG1 payload of the magic number
        Path file = tmp.resolve("carp-legacy.pt");
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("wrong magic number"), e.getMessage());
    }

    @Test
    void reportsNonCheckpointFile() throws Exception {
        Path file = tmp.resolve("notes.pt");
        Files.writeString(file, "hello");
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("not a torch checkpoint"), e.getMessage());
    }

    @Test
    void reportsMissingParameter() throws Exception {
        Path file = rewriteEsm2Pickle(pickle -> replace(pickle, "emb_layer_norm_after.weight", "emb_layer_norm_aftex.weight"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("missing parameter emb_layer_norm_after.weight"), e.getMessage());
    }

    @Test
    void reportsShapeMismatchAgainstConfig() throws Exception {
        // claim 2 heads instead of 4: the stored rotary inv_freq [8] then disagrees with head_dim/2 = 16
        Path file = rewriteEsm2Pickle(pickle -> {
            int at = indexOf(pickle, ascii("encoder_attention_heads"), 0);
            int value = indexOf(pickle, bytes('K', 4), at);
            pickle[value + 1] = 2;
            return pickle;
        });
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(file));
        assertTrue(e.getMessage().contains("shape mismatch for layers.0.self_attn.rot_emb.inv_freq"), e.getMessage());
    }

    @Test
    void refusesContactRegressionAsModel() throws Exception {
        Path regression = CheckpointReader.contactRegressionFile(GoldenFixtures.checkpoint("esm2"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.read(regression));
        assertTrue(e.getMessage().contains("contact-regression"), e.getMessage());
    }

    @Test
    void refusesModelAsContactRegression() {
        Path model = GoldenFixtures.checkpoint("esm1");
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointReader.readContactRegression(model));
        assertTrue(e.getMessage().contains("not a contact-regression file"), e.getMessage());
    }

    /** Copies the ESM-2 fixture zip with its data.pkl edited. */
    private Path rewriteEsm2Pickle(UnaryOperator<byte[]> edit) throws IOException {
        Path out = tmp.resolve("esm2_t3_64_tiny.pt");
        try (ZipFile in = new ZipFile(GoldenFixtures.checkpoint("esm2").toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] content = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith("/data.pkl")) {
                    content = edit.apply(content);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out;
    }

    private Path zipWithPickle(String stem, byte[] pickle) throws IOException {
        Path file = tmp.resolve(stem + ".pt");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry(stem + "/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(stem + "/version"));
            zip.write(ascii("3\n"));
            zip.closeEntry();
        }
        return file;
    }

    private static byte[] replace(byte[] haystack, String from, String to) {
        byte[] needle = ascii(from);
        int at = indexOf(haystack, needle, 0);
        System.arraycopy(ascii(to), 0, haystack, at, needle.length);
        return haystack;
    }

    /** Where {@code needle} occurs in a fixture pickle; a fixture without it is a broken test. */
    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        int at = PickleBytes.indexOf(haystack, needle, from);
        if (at < 0) {
            throw new AssertionError("pattern not found in fixture pickle");
        }
        return at;
    }

    private static byte[] unicode(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(bytes('X', utf8.length & 0xff, (utf8.length >> 8) & 0xff, 0, 0), utf8);
    }

    private static byte[] shortUnicode(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return concat(bytes(0x8c, utf8.length), utf8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
