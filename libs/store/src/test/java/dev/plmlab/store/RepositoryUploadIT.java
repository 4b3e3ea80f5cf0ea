package dev.plmlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plmlab.testkit.S3ProxyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Triton repository entry uploaded to a real S3 server (S3Proxy). */
class RepositoryUploadIT {

    @Test
    void configGoesLastAndLeftoversOfAnEarlierUploadGo(@TempDir Path dir) throws Exception {
        Path entry = Files.createDirectories(dir.resolve("esm2--0123456789abcdef").resolve("1"));
        Files.writeString(entry.resolve("model.onnx"), "graph");
        Files.writeString(entry.resolve("model.onnx.data"), "weights");
        Path config = entry.getParent().resolve("config.pbtxt");
        Files.writeString(config, "name: \"esm2--0123456789abcdef\"");
        try (S3ProxyProcess s3 = S3ProxyProcess.startTemporary();
             ObjectStore store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "models", s3.region()))) {
            store.ensureBucket();
            store.put("triton-models/esm2--0123456789abcdef/1/stale.bin", new byte[] {1}, "application/octet-stream");

            List<String> keys = RepositoryUpload.upload(store, entry.getParent(), "/triton-models/");

            String folder = "triton-models/esm2--0123456789abcdef/";
            assertEquals(List.of(folder + "1/model.onnx", folder + "1/model.onnx.data", folder + "config.pbtxt"), keys);
            assertEquals(keys, store.list(folder));
            assertArrayEquals("weights".getBytes(StandardCharsets.UTF_8), store.get(folder + "1/model.onnx.data").orElseThrow());
            assertEquals("esm2", RepositoryUpload.entryKey("", "esm2"));
            assertEquals("a/b/esm2", RepositoryUpload.entryKey("a/b", "esm2"));
        }
    }
}
