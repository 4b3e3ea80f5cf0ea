package dev.plmlab.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaProcessIT {

    @Test
    void recordsSurviveARestartOnTheSameStateFolder(@TempDir Path tmp) throws Exception {
        Path state = tmp.resolve("kafka");
        String firstAddress;

        KafkaProcess first = KafkaProcess.start(state);
        try (first) {
            firstAddress = first.bootstrapServers();
            KafkaRoundTrip.send(first.bootstrapServers(), "plmlab.experiments", "e1", "first run");
        }
        assertFalse(first.isRunning(), "broker JVM still running after close");
        assertTrue(Files.exists(state.resolve("kafka-logs/meta.properties")), "a caller's state folder is kept");

        try (KafkaProcess second = KafkaProcess.start(state)) {
            assertEquals(firstAddress, second.bootstrapServers(), "free ports of the previous run are reused");
            KafkaRoundTrip.send(second.bootstrapServers(), "plmlab.experiments", "e2", "second run");

            assertEquals(List.of("first run", "second run"),
                    KafkaRoundTrip.readValues(second.bootstrapServers(), "plmlab.experiments", 2));
        }
    }

    @Test
    void classpathWithoutKafkaFailsWithTheChildLog() {
        InfraStartException failure = assertThrows(InfraStartException.class,
                () -> KafkaProcess.start(null, "/nonexistent/classes"));

        String message = failure.getMessage();
        assertTrue(message.contains("Kafka storage format failed with exit code"), message);
        assertTrue(message.contains("Could not find or load main class kafka.tools.StorageTool"), "the JVM's own complaint should be quoted: " + message);
        assertTrue(message.contains("kafka.log"), message);
    }
}
