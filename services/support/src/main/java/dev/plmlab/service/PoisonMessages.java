package dev.plmlab.service;

import dev.plmlab.model.messages.DeadLetter;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.model.messages.NewerVersionException;
import dev.plmlab.model.messages.Topics;
import dev.plmlab.service.KafkaSends.Outgoing;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * What a consumer does with a record it cannot read, so that the consumer goes on and nothing is lost unseen:
 * <ul>
 *   <li>a poison record (not JSON, not the expected message type, a missing id) goes to
 *       {@link Topics#DEAD_LETTERS} as a {@link DeadLetter} with its reason, source topic, partition, offset and
 *       (capped) payload, counted in {@code plmlab_dead_letters_total{topic}};</li>
 *   <li>a record of a newer message version ({@link NewerVersionException}) is parked: sent unchanged (value and
 *       key) to {@link Topics#PARKED} with its source in headers, counted in {@code plmlab_parked_total{topic}}
 *       and logged at WARN; {@link #unparkTo} says where a newer consumer sends it back.</li>
 * </ul>
 * Both sends are awaited (the input's offset is committed only after them). Both emitters are here, in one bean,
 * so every service that consumes has them and none of them consumes these topics.
 */
@ApplicationScoped
public class PoisonMessages {

    /** Headers of a parked record: where it came from and the version it says it is. */
    public static final String SOURCE_TOPIC = "plmlab-source-topic";
    public static final String SOURCE_PARTITION = "plmlab-source-partition";
    public static final String SOURCE_OFFSET = "plmlab-source-offset";
    public static final String MESSAGE_VERSION = "plmlab-message-version";
    public static final String PARKED_BY = "plmlab-parked-by";

    private static final Logger LOG = Logger.getLogger(PoisonMessages.class);

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Topics.DEAD_LETTERS)
    Emitter<String> deadLetters;

    @Inject
    @Channel(Topics.PARKED)
    Emitter<String> parked;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "plmlab")
    String consumer;

    /**
     * Sends {@code record} to the dead-letter topic with {@code reason}. When even that fails (the broker is
     * down), the record is logged with its reason and dropped: a consumer must not stop on it.
     */
    public void deadLetter(ConsumerRecord<String, String> record, String reason) {
        LOG.errorf("dead letter from %s[%d]@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        registry.counter("plmlab_bad_messages_total", "topic", record.topic()).increment();
        DeadLetter letter = DeadLetter.of(reason, record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), consumer);
        try {
            // keyed by its source, so the letters of one partition stay in order
            KafkaSends.send(deadLetters, record.topic() + "-" + record.partition(), Messages.toJson(letter));
            registry.counter("plmlab_dead_letters_total", "topic", record.topic()).increment();
        } catch (RuntimeException e) {
            LOG.errorf("could not send the dead letter of %s[%d]@%d (%s); it is dropped: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage(), letter.payload());
        }
    }

    /**
     * Parks a record of a newer message version: sends its value and key unchanged to {@link Topics#PARKED}, with
     * its source topic, partition, offset and version in headers. It is not processed here and not
     * dead-lettered; a consumer that reads its version sends it back to its source ({@link #unparkTo}). When the park itself
     * cannot be sent, the record goes to the dead-letter topic rather than nowhere.
     */
    public void park(ConsumerRecord<String, String> record, NewerVersionException why) {
        LOG.warnf("parked a version %d message from %s[%d]@%d on %s: %s", why.version(), record.topic(),
                record.partition(), record.offset(), Topics.PARKED, why.getMessage());
        try {
            KafkaSends.sendAll(parked, List.of(new Outgoing(record.key(), record.value(), null, Map.of(
                    SOURCE_TOPIC, record.topic(), SOURCE_PARTITION, Integer.toString(record.partition()),
                    SOURCE_OFFSET, Long.toString(record.offset()), MESSAGE_VERSION, Integer.toString(why.version()),
                    PARKED_BY, consumer))));
            registry.counter("plmlab_parked_total", "topic", record.topic()).increment();
        } catch (RuntimeException e) {
            deadLetter(record, why.getMessage() + "; parking it failed: " + e.getMessage());
        }
    }

    /**
     * What to do with a record read from {@link Topics#PARKED}: where to send it back, or empty when this build
     * cannot read it either (it stays parked) or it names no source.
     *
     * @param headers the record's headers as text
     */
    public static java.util.Optional<String> unparkTo(Map<String, String> headers) {
        String topic = headers.get(SOURCE_TOPIC);
        String version = headers.get(MESSAGE_VERSION);
        if (topic == null || version == null || !Topics.all().contains(topic)) {
            return java.util.Optional.empty();
        }
        try {
            return Integer.parseInt(version) <= Messages.VERSION ? java.util.Optional.of(topic) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
