package dev.plmlab.inference;

import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.inference.ort.OrtBackend;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InferenceMetricsTest {

    @Test
    void ortBackendRecordsLatencyTokensAndRows() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Path dir = Files.createTempDirectory("inference-metrics");
        try (OrtBackend backend = new OrtBackend(OnnxModelWriter.write(GoldenEsm2.graphWithAllHiddenLayers(), dir), 1, Set.of(), registry)) {
            backend.infer(new long[][] {{0, 5, 6, 2}, {0, 7, 2, 1}});
            backend.infer(new long[][] {{0, 5, 2}});
            Timer timer = registry.get("plmlab.inference.requests").tag("backend", "ort").timer();
            assertEquals(2, timer.count());
            assertEquals(2 * 4 + 3, registry.get("plmlab.inference.tokens").counter().count(), 0.0);
            assertEquals(3, registry.get("plmlab.inference.sequences").counter().count(), 0.0);
            assertEquals(0, registry.get("plmlab.inference.in_flight").gauge().value(), 0.0);
        } finally {
            GoldenEsm2.deleteTree(dir);
        }
    }

    @Test
    void inFlightCountsRunningBatchesAndFailuresAreNotCountedAsTokens() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InferenceMetrics metrics = InferenceMetrics.of(registry, "test");
        long[][] batch = {{1, 2, 3}};
        double during = metrics.record(batch, () -> registry.get("plmlab.inference.in_flight").gauge().value());
        assertEquals(1, during, 0.0);
        assertThrows(IllegalStateException.class, () -> metrics.record(batch, () -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(0, registry.get("plmlab.inference.in_flight").gauge().value(), 0.0);
        assertEquals(3, registry.get("plmlab.inference.tokens").counter().count(), 0.0);
    }

    @Test
    void inFlightIsOneCountPerKindThatOutlivesTheBackendsThatRegisteredIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InferenceMetrics first = InferenceMetrics.of(registry, "ort");
        first.record(new long[][] {{1}}, () -> null);
        first = null;
        System.gc(); // the first backend is gone; the gauge must not be left on a collected counter
        InferenceMetrics second = InferenceMetrics.of(registry, "ort");
        double during = second.record(new long[][] {{1, 2}}, () -> registry.get("plmlab.inference.in_flight").gauge().value());
        assertEquals(1, during, 0.0, "a later backend of the same kind counts in the one gauge");
        assertEquals(0, registry.get("plmlab.inference.in_flight").gauge().value(), 0.0);
    }
}
