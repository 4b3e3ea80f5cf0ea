package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.EmbedderOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plmlab forge NAME} through the download path: the golden ESM-2 checkpoint is served, in place of
 * esm2_t6_8M_UR50D, by an HTTP server on 127.0.0.1 given with --url.
 */
class ForgeDownloadIT {

    private static final String MODEL = "esm2_t6_8M_UR50D";
    /** Named after the downloaded file's content: the golden ESM-2 stands in for the model. */
    private static final String ENTRY = ForgedNames.of(MODEL, Golden.of("esm2").checkpoint(),
            dev.plmlab.model.spec.Variant.STAT_TRANSFER_PERMUTE, 42);

    @TempDir
    Path tmp;

    private final Golden esm2 = Golden.of("esm2");

    private CliRun forge(ModelFileServer server, Path repo, Path cache) {
        return CliRun.of("forge", MODEL, "--url", server.url(), "--variant", "stat-transfer/permute", "--seed", "42",
                "--out", repo.toString(), "--cache", cache.toString());
    }

    @Test
    void downloadsWithProgressForgesTheVariantAndTheEntryRunsInOnnxRuntime() throws Exception {
        byte[] checkpoint = Files.readAllBytes(esm2.checkpoint());
        Path repo = tmp.resolve("repo");
        Path cache = tmp.resolve("cache");
        try (ModelFileServer server = new ModelFileServer("/fair-esm/models/" + MODEL + ".pt", checkpoint)) {
            CliRun run = forge(server, repo, cache);
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("downloading " + MODEL + " from " + server.url()), run.err());
            assertTrue(run.err().contains("downloaded " + MODEL + ".pt: 630.5 KiB in "), run.err());
            // the tiny fixture is not the catalogue's 6 x 320 model: said, but not fatal
            assertTrue(run.err().contains("warning: " + MODEL + ": the catalogue lists 6 layers of width 320"), run.err());
            assertEquals(List.of(""), server.ranges());
        }
        assertArrayEquals(checkpoint, Files.readAllBytes(cache.resolve(MODEL + ".pt")));

        ForgedEntry entry = new ForgedEntry(repo.resolve(ENTRY));
        entry.assertLaidOut();
        EmbedderOutputs out = entry.loadAndRun(Family.ESM2, esm2.sequences(), esm2.lastLayer());
        // permuted weights: the features are no longer the pretrained ones
        double diff = ForgedEntry.maxMeanDiff(out, esm2.expected());
        assertTrue(diff > 1e-2, "the variant changed the means by only " + diff);
        for (float[][] perLayer : out.mean()) {
            for (float[] mean : perLayer) {
                for (float value : mean) {
                    assertTrue(Float.isFinite(value), "a mean is " + value);
                }
            }
        }
    }

    @Test
    void aCachedModelIsNotDownloadedAgain() throws Exception {
        byte[] checkpoint = Files.readAllBytes(esm2.checkpoint());
        Path cache = tmp.resolve("cache");
        try (ModelFileServer server = new ModelFileServer("/m.pt", checkpoint)) {
            assertEquals(0, forge(server, tmp.resolve("repo1"), cache).exitCode());
            CliRun again = forge(server, tmp.resolve("repo2"), cache);
            assertEquals(0, again.exitCode(), again.err());
            assertTrue(again.err().contains("from the cache"), again.err());
            assertEquals(1, server.ranges().size(), "requests: " + server.ranges());
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("repo1").resolve(ENTRY).resolve("1/model.onnx")),
                Files.readAllBytes(tmp.resolve("repo2").resolve(ENTRY).resolve("1/model.onnx")), "same seed, same bytes");
    }

    @Test
    void anInterruptedDownloadIsResumed() throws Exception {
        byte[] checkpoint = Files.readAllBytes(esm2.checkpoint());
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        int half = checkpoint.length / 2;
        Files.write(cache.resolve(MODEL + ".pt.part"), Arrays.copyOf(checkpoint, half));
        try (ModelFileServer server = new ModelFileServer("/m.pt", checkpoint)) {
            CliRun run = forge(server, tmp.resolve("repo"), cache);
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("resuming " + MODEL), run.err());
            assertEquals(List.of("bytes=" + half + "-"), server.ranges());
        }
        assertArrayEquals(checkpoint, Files.readAllBytes(cache.resolve(MODEL + ".pt")));
        new ForgedEntry(tmp.resolve("repo").resolve(ENTRY)).assertLaidOut();
    }

    @Test
    void aFailedDownloadExitsOneAndSaysWhy() throws Exception {
        try (ModelFileServer server = new ModelFileServer("/elsewhere.pt", new byte[] {1})) {
            String missing = server.url().replace("/elsewhere.pt", "/missing.pt");
            CliRun run = CliRun.of("forge", MODEL, "--url", missing, "--out", tmp.resolve("repo").toString(),
                    "--cache", tmp.resolve("cache").toString());
            assertEquals(1, run.exitCode());
            assertTrue(run.err().contains("download failed: " + missing + ": HTTP 404"), run.err());
        }
    }
}
