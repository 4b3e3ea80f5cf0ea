package dev.plmlab.model.messages;

/**
 * A record a consumer could not read (not JSON, not the expected message type, a missing id), on
 * {@link Topics#DEAD_LETTERS}: why, where it came from and what it held, so it can be inspected and, once fixed,
 * sent again.
 *
 * @param reason        why it could not be read, naming the topic, the expected type and the problem
 * @param topic         the topic it was read from
 * @param partition     its partition there (-1 when unknown)
 * @param offset        its offset there (-1 when unknown)
 * @param key           its record key; null when it had none
 * @param payload       its value as text, at most {@link #MAX_PAYLOAD_CHARS} characters
 * @param payloadChars  the length of the whole value in characters
 * @param truncated     whether {@code payload} is only the start of the value
 * @param consumer      the service that read it ({@code quarkus.application.name})
 */
public record DeadLetter(int version, String reason, String topic, int partition, long offset, String key,
                         String payload, int payloadChars, boolean truncated, String consumer) {

    /** The most of a payload a dead letter keeps: enough to see what was wrong, far below Kafka's 1 MB. */
    public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    /** A dead letter of {@code payload}, cut to {@link #MAX_PAYLOAD_CHARS}. */
    public static DeadLetter of(String reason, String topic, int partition, long offset, String key, String payload,
                                String consumer) {
        String value = payload == null ? "" : payload;
        boolean truncated = value.length() > MAX_PAYLOAD_CHARS;
        return new DeadLetter(Messages.VERSION, reason, topic, partition, offset, key,
                truncated ? value.substring(0, MAX_PAYLOAD_CHARS) : value, value.length(), truncated, consumer);
    }
}
