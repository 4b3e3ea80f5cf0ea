package dev.plmlab.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One S3Proxy for the class: it is a child JVM and costs seconds to start. */
class S3ProxyProcessIT {

    private static S3ProxyProcess s3;

    @BeforeAll
    static void start() {
        s3 = S3ProxyProcess.startTemporary();
    }

    @AfterAll
    static void stop() {
        Path state = s3.stateFolder();
        s3.close();
        assertFalse(s3.isRunning(), "S3Proxy child still running after close");
        assertFalse(Files.exists(state), "temporary state folder left behind: " + state);
    }

    @Test
    void objectPutIsReadBackWithSignedRequests() throws Exception {
        s3.createBucket("roundtrip");
        MinioClient client = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .build();
        byte[] body = "ESM-2 says hi".getBytes(StandardCharsets.UTF_8);

        client.putObject(PutObjectArgs.builder().bucket("roundtrip").object("a/b.txt")
                .stream(new ByteArrayInputStream(body), (long) body.length, -1L).contentType("text/plain").build());

        try (GetObjectResponse response = client.getObject(
                GetObjectArgs.builder().bucket("roundtrip").object("a/b.txt").build())) {
            assertArrayEquals(body, response.readAllBytes());
        }
    }

    @Test
    void wrongSecretIsRejected() {
        s3.createBucket("guarded");
        MinioClient intruder = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), "not-the-secret")
                .region(s3.region())
                .build();
        assertThrows(Exception.class, () -> intruder.getObject(
                GetObjectArgs.builder().bucket("guarded").object("x").build()).close());
    }

    @Test
    void brokenJarFailsWithTheChildLog(@TempDir Path tmp) throws Exception {
        Path notAJar = Files.writeString(tmp.resolve("s3proxy.jar"), "this is not a jar");
        Path state = tmp.resolve("state");

        InfraStartException failure = assertThrows(InfraStartException.class,
                () -> S3ProxyProcess.start(state, notAJar));

        String message = failure.getMessage();
        assertTrue(message.contains("S3Proxy"), message);
        assertTrue(message.contains("exited with code"), message);
        assertTrue(message.contains("s3proxy.log"), message);
        assertTrue(message.contains("Invalid or corrupt jarfile"), "the JVM's own complaint should be quoted: " + message);
        assertEquals(true, Files.isDirectory(state), "a caller's state folder is never deleted");
    }
}
