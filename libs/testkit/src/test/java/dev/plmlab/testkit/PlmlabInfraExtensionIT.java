package dev.plmlab.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PlmlabInfraExtension.class)
class PlmlabInfraExtensionIT {

    @Test
    void givesKafkaAndS3WithThePlmlabBucket(PlmlabInfra infra) throws Exception {
        assertSame(PlmlabInfra.shared(), infra, "one infrastructure per test JVM");

        KafkaRoundTrip.send(infra.kafkaBootstrapServers(), "plmlab.infra-test", "k", "v");
        assertEquals(List.of("v"), KafkaRoundTrip.readValues(infra.kafkaBootstrapServers(), "plmlab.infra-test", 1));

        try (MinioClient client = MinioClient.builder().endpoint(infra.s3Endpoint())
                .credentials(infra.s3AccessKey(), infra.s3SecretKey()).region(infra.s3Region()).build()) {
            assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket("plmlab").build()));
        }
    }

    @Test
    void quarkusResourceReturnsTheSameConfig(PlmlabInfra infra) {
        PlmlabInfraResource resource = new PlmlabInfraResource();

        Map<String, String> config = resource.start();
        resource.stop();

        assertEquals(infra.config(), config);
        assertEquals(infra.kafkaBootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals(infra.s3Endpoint(), config.get("plmlab.s3.endpoint"));
        assertEquals(infra.s3AccessKey(), config.get("plmlab.s3.access-key"));
        assertEquals(infra.s3SecretKey(), config.get("plmlab.s3.secret-key"));
        assertEquals("plmlab", config.get("plmlab.s3.bucket"));
        String[] hostPort = infra.kafkaBootstrapServers().split(":");
        assertTrue(FreePorts.accepts(hostPort[0], Integer.parseInt(hostPort[1])), "stop() must leave the shared Kafka running");
    }

    @Test
    void anotherClassLoaderGetsTheSameInfrastructure(PlmlabInfra infra) throws Exception {
        // what Quarkus does for each application it starts: load the test classes afresh
        URL[] classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(URL[]::new);
        try (URLClassLoader isolated = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> otherPlmlabInfra = isolated.loadClass(PlmlabInfra.class.getName());
            assertNotSame(PlmlabInfra.class, otherPlmlabInfra);

            Object other = otherPlmlabInfra.getMethod("shared").invoke(null);

            assertEquals(infra.config(), otherPlmlabInfra.getMethod("config").invoke(other));
        }
    }
}
