package dev.plmlab.model.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON encoding of every Kafka message. Payloads are plain JSON strings so that a bad message
 * becomes a clear {@link BadMessageException} in the consumer instead of a stuck channel.
 */
public final class Messages {

    /** The message format version this build writes and the newest it reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Messages() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes a message, checking its version; {@code topic} only names the source in errors. */
    public static <T> T fromJson(String json, Class<T> type, String topic) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new BadMessageException(topic, type, "not a JSON object");
            }
            JsonNode version = tree.get("version");
            if (version == null || !version.canConvertToInt()) {
                throw new BadMessageException(topic, type, "no 'version' field");
            }
            if (version.asInt() > VERSION || version.asInt() < 1) {
                throw new BadMessageException(topic, type, "version " + version.asInt() + " is not supported (this build reads 1.." + VERSION + ")");
            }
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new BadMessageException(topic, type, e.getOriginalMessage());
        }
    }
}
