package dev.plmlab.testkit;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real KRaft Kafka broker (combined broker and controller) inside this JVM, on random loopback
 * ports, with its logs in a temporary folder deleted on close. For tests: starts in a few seconds.
 * Topics are created on first use.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private EmbeddedKafkaBroker broker;

    /** Starts the broker; returns {@code this} so that {@code new EmbeddedKafka().start()} reads well. */
    public synchronized EmbeddedKafka start() {
        if (broker != null) {
            throw new IllegalStateException("EmbeddedKafka already started at " + bootstrapServers());
        }
        int[] ports = FreePorts.findTwo();
        EmbeddedKafkaBroker starting = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(ports[0])
                .withControllerPort(ports[1])
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(KafkaBrokerDefaults::applySingleNode);
        try {
            broker = starting.start();
        } catch (RuntimeException e) {
            try {
                starting.close();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw new InfraStartException("embedded Kafka broker did not start on 127.0.0.1:" + ports[0]
                    + " (controller port " + ports[1] + "): " + e, e);
        }
        return this;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers} / {@code kafka.bootstrap.servers}. */
    public synchronized String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("EmbeddedKafka is not started");
        }
        String listeners = broker.getAdvertisedListeners();
        // the companion reports "PLAINTEXT://host:port"; clients want "host:port"
        return listeners.replaceAll("[A-Za-z_]+://", "");
    }

    public synchronized boolean isRunning() {
        return broker != null && broker.isRunning();
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
