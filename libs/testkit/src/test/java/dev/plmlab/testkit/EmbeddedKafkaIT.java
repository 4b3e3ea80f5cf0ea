package dev.plmlab.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    @Test
    void producedRecordIsConsumed() throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka().start();
        try (kafka) {
            assertTrue(kafka.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), kafka.bootstrapServers());

            KafkaRoundTrip.send(kafka.bootstrapServers(), "plmlab.test", "k1", "hello");

            assertEquals(List.of("hello"), KafkaRoundTrip.readValues(kafka.bootstrapServers(), "plmlab.test", 1));
        }
        assertFalse(kafka.isRunning());
    }
}
