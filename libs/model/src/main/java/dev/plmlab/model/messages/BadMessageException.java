package dev.plmlab.model.messages;

/** A Kafka message that cannot be read; names the topic, the expected type and why. */
public class BadMessageException extends RuntimeException {

    public BadMessageException(String topic, Class<?> type, String why) {
        super("bad " + type.getSimpleName() + " message on " + topic + ": " + why);
    }
}
