package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.S3ProxyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plmlab forge --out s3://...} against a real S3 endpoint (S3Proxy in a child process). */
class ForgeS3IT {

    private static final String BUCKET = "models";
    private static final String ENTRY = ForgedNames.of("esm2_t3_64_tiny", Golden.of("esm2").checkpoint(),
            dev.plmlab.model.spec.Variant.PRETRAINED, 0);
    private static final String FP16_ENTRY = ForgedNames.of("esm2_t3_64_tiny", Golden.of("esm2").checkpoint(),
            dev.plmlab.model.spec.Variant.PRETRAINED, 0, dev.plmlab.forge.onnx.GraphOptions.forged().withFp16Outputs(true));

    private static S3ProxyProcess s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyProcess.startTemporary();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static ObjectStore store() {
        return new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), BUCKET, s3.region()));
    }

    private static CliRun forgeTo(String out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("forge", "--checkpoint", Golden.of("esm2").checkpoint().toString(),
                "--out", out, "--s3-endpoint", s3.endpoint(), "--s3-access-key", s3.accessKey(),
                "--s3-secret-key", s3.secretKey(), "--s3-region", s3.region()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void entryIsUploadedUnderThePrefixAndLoadsFromTheBucket() throws Exception {
        CliRun run = forgeTo("s3://" + BUCKET + "/triton/repo/");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("forged " + ENTRY + " -> s3://" + BUCKET + "/triton/repo/" + ENTRY), run.out());

        try (ObjectStore store = store()) {
            assertEquals(List.of("triton/repo/" + ENTRY + "/1/model.onnx", "triton/repo/" + ENTRY + "/1/model.onnx.data",
                    "triton/repo/" + ENTRY + "/config.pbtxt"), store.list("triton/repo/"));
            // as Triton does: fetch the entry from the bucket and load it
            Path local = tmp.resolve("fetched").resolve(ENTRY);
            store.download("triton/repo/" + ENTRY + "/config.pbtxt", local.resolve("config.pbtxt"));
            store.download("triton/repo/" + ENTRY + "/1/model.onnx", local.resolve("1/model.onnx"));
            store.download("triton/repo/" + ENTRY + "/1/model.onnx.data", local.resolve("1/model.onnx.data"));
        }
        ForgedEntry entry = new ForgedEntry(tmp.resolve("fetched").resolve(ENTRY));
        entry.assertLaidOut();
        Golden esm2 = Golden.of("esm2");
        double diff = ForgedEntry.maxMeanDiff(entry.loadAndRun(Family.ESM2, esm2.sequences(), esm2.lastLayer()), esm2.expected());
        assertTrue(diff <= 1e-4, "means differ from the reference by " + diff);

        // the same bytes as a local forge
        Path repo = tmp.resolve("local");
        assertEquals(0, CliRun.of("forge", "--checkpoint", esm2.checkpoint().toString(), "--out", repo.toString()).exitCode());
        assertArrayEquals(Files.readAllBytes(repo.resolve(ENTRY).resolve("config.pbtxt")), Files.readAllBytes(entry.config()));
    }

    @Test
    void forgingAgainRemovesObjectsTheNewEntryDoesNotHave() {
        String stale = "again/" + FP16_ENTRY + "/2/model.onnx";
        String sidecar = "again/" + FP16_ENTRY + "/1/model.onnx.data";
        try (ObjectStore store = store()) {
            store.ensureBucket();
            store.put(stale, "a version the new entry does not have".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
            store.put(sidecar, "left from another model".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
            store.put("again/other_model/config.pbtxt", "name: \"other_model\"".getBytes(StandardCharsets.UTF_8), "text/plain");
        }
        CliRun run = forgeTo("s3://" + BUCKET + "/again", "--fp16-outputs");
        assertEquals(0, run.exitCode(), run.err());
        try (ObjectStore store = store()) {
            assertFalse(store.exists(stale), "stale version still there");
            assertFalse(new String(store.get(sidecar).orElseThrow(), StandardCharsets.UTF_8).equals("left from another model"),
                    "the weights were replaced");
            assertTrue(store.exists("again/other_model/config.pbtxt"), "another entry was touched");
            String config = new String(store.get("again/" + FP16_ENTRY + "/config.pbtxt").orElseThrow(), StandardCharsets.UTF_8);
            assertTrue(config.contains("TYPE_FP16") && !config.contains("TYPE_FP32"), config);
        }
    }
}
