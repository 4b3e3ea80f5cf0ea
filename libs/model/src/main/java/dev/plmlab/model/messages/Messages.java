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
 *
 * <h2>Versions and compatibility</h2>
 * Every message carries {@code version}. A build writes {@link #VERSION} and reads {@link #OLDEST_READ} (the
 * previous version, or 1) up to {@link #VERSION}, so during a rolling upgrade the new replicas read what the old
 * ones still write. The rule that keeps that true, for whoever changes a record here:
 * <ul>
 *   <li>within one version, fields are only added, and an added field may be absent (null) in what older builds
 *       write; unknown fields are ignored, so older readers skip what newer writers add;</li>
 *   <li>renaming or removing a field, or changing its meaning or type, needs a new {@link #VERSION}, and the
 *       reader of version N must still accept N-1 (read the old field too, or default it);</li>
 *   <li>a message newer than {@link #VERSION} is not bad: {@link #fromJson} throws {@link NewerVersionException}
 *       and the consumer parks it on {@link Topics#PARKED} for a newer replica instead of dropping it.</li>
 * </ul>
 * At {@code VERSION = 1} there is no older format, so {@code OLDEST_READ} is 1 as well.
 */
public final class Messages {

    /** The message format version this build writes and the newest it reads. */
    public static final int VERSION = 1;

    /** The oldest message format version this build reads: the previous one (see the class comment). */
    public static final int OLDEST_READ = Math.max(1, VERSION - 1);

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

    /**
     * Decodes a message, checking its version; {@code topic} only names the source in errors.
     *
     * @throws NewerVersionException when the message is of a version newer than {@link #VERSION}
     * @throws BadMessageException   when it is not a message of {@code type} this build or its predecessor wrote
     */
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
            if (version.asInt() > VERSION) {
                throw new NewerVersionException(topic, type, version.asInt());
            }
            if (version.asInt() < OLDEST_READ) {
                throw new BadMessageException(topic, type, "version " + version.asInt() + " is not supported (this build reads "
                        + OLDEST_READ + ".." + VERSION + ")");
            }
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new BadMessageException(topic, type, e.getOriginalMessage());
        }
    }
}
