package dev.plmlab.service;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Keyed Kafka sends whose broker acknowledgement the caller waits for, so a handler returns (and its input
 * is acknowledged) only once what it announced is on the broker. Large fan-outs go out in chunks below the
 * emitter's buffer, so they never fail with "insufficient downstream requests".
 */
public final class KafkaSends {

    /** How long one send may take before the handler gives up on it (the producer retries within this). */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Sends in flight at once: well below an emitter's default buffer of 256. */
    static final int CHUNK = 64;

    private KafkaSends() {
    }

    /**
     * One record to send: its key (a job or experiment id; may be null), its payload and, optionally, its topic
     * (null: the emitter's) and headers (text values).
     */
    public record Outgoing(String key, String payload, String topic, Map<String, String> headers) {
        public Outgoing {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public Outgoing(String key, String payload, String topic) {
            this(key, payload, topic, Map.of());
        }

        public static Outgoing keyed(String key, String payload) {
            return new Outgoing(key, payload, null);
        }
    }

    /** Sends one record and returns when the broker has it; throws {@link SendFailedException} otherwise. */
    public static void send(Emitter<String> emitter, String key, String payload) {
        sendAll(emitter, List.of(Outgoing.keyed(key, payload)));
    }

    /** Sends every record, at most {@link #CHUNK} in flight, and returns when the broker has all of them. */
    public static void sendAll(Emitter<String> emitter, List<Outgoing> records) {
        for (int from = 0; from < records.size(); from += CHUNK) {
            List<Outgoing> chunk = records.subList(from, Math.min(records.size(), from + CHUNK));
            List<CompletableFuture<Void>> acks = new ArrayList<>(chunk.size());
            for (Outgoing record : chunk) {
                acks.add(start(emitter, record));
            }
            await(acks, chunk);
        }
    }

    private static CompletableFuture<Void> start(Emitter<String> emitter, Outgoing record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<Object> metadata = OutgoingKafkaRecordMetadata.builder();
        if (record.key() != null) {
            metadata.withKey(record.key());
        }
        if (record.topic() != null) {
            metadata.withTopic(record.topic());
        }
        if (!record.headers().isEmpty()) {
            RecordHeaders headers = new RecordHeaders();
            record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
            metadata.withHeaders(headers);
        }
        Message<String> message = Message.of(record.payload(), Metadata.of(metadata.build()),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private static void await(List<CompletableFuture<Void>> acks, List<Outgoing> records) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (int i = 0; i < acks.size(); i++) {
            String what = describe(records.get(i));
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new SendFailedException("could not send " + what + ": " + cause.getMessage(), cause);
            } catch (TimeoutException e) {
                throw new SendFailedException("the broker did not confirm " + what + " within " + TIMEOUT.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendFailedException("interrupted while sending " + what, e);
            }
        }
    }

    private static String describe(Outgoing record) {
        return "the record" + (record.key() == null ? "" : " keyed " + record.key())
                + (record.topic() == null ? "" : " to " + record.topic());
    }

    /** A send the broker did not confirm. */
    public static final class SendFailedException extends RuntimeException {
        public SendFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
