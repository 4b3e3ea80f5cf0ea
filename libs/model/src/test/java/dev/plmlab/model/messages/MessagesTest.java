package dev.plmlab.model.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.catalog.ModelFamily;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Backend;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.model.spec.SpecError;
import dev.plmlab.model.spec.Variant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void roundTripsMessagesWithNestedRecords() {
        EmbeddingsRequest request = new EmbeddingsRequest(Messages.VERSION, "embeddings-1", "exp-1", "gb1/sampled",
                "datasets/d/dataset.json", "abc", new EmbeddingModel(ModelFamily.ESM2, "t6_8M", null, Variant.STAT_TRANSFER_PERMUTE, 42, 1.0),
                List.of(0, 6), Pooling.MEAN, LongSequencePolicy.TRUNCATE_ENDS, Precision.FLOAT32, 4096, Backend.LOCAL);
        String json = Messages.toJson(request);
        assertEquals(request, Messages.fromJson(json, EmbeddingsRequest.class, Topics.EMBEDDINGS_REQUESTS));

        ExperimentRejected rejected = new ExperimentRejected(1, "exp-2", List.of(new SpecError("tasks[0].split", "unknown")));
        assertEquals(rejected, Messages.fromJson(Messages.toJson(rejected), ExperimentRejected.class, Topics.EXPERIMENTS_REJECTED));
    }

    @Test
    void badMessagesNameTopicTypeAndReason() {
        BadMessageException notJson = assertThrows(BadMessageException.class,
                () -> Messages.fromJson("{oops", DatasetPrepare.class, Topics.DATASETS_PREPARE));
        assertTrue(notJson.getMessage().startsWith("bad DatasetPrepare message on plmlab.datasets.prepare: "), notJson.getMessage());
        NewerVersionException future = assertThrows(NewerVersionException.class,
                () -> Messages.fromJson("{\"version\": 99}", DatasetPrepare.class, Topics.DATASETS_PREPARE));
        assertTrue(future.getMessage().contains("version 99 is newer than this build reads"), future.getMessage());
        assertEquals(99, future.version());
        BadMessageException ancient = assertThrows(BadMessageException.class,
                () -> Messages.fromJson("{\"version\": 0}", DatasetPrepare.class, Topics.DATASETS_PREPARE));
        assertFalse(ancient instanceof NewerVersionException);
        assertTrue(ancient.getMessage().contains("version 0 is not supported"), ancient.getMessage());
        BadMessageException unversioned = assertThrows(BadMessageException.class,
                () -> Messages.fromJson("{\"jobId\": \"x\"}", DatasetPrepare.class, Topics.DATASETS_PREPARE));
        assertTrue(unversioned.getMessage().contains("no 'version' field"), unversioned.getMessage());
    }

    @Test
    void readsThePreviousVersionAndTheCurrentOne() {
        for (int v = Messages.OLDEST_READ; v <= Messages.VERSION; v++) {
            assertEquals(v, Messages.fromJson("{\"version\": " + v + ", \"jobId\": \"j\", \"added\": 1}", DatasetPrepare.class,
                    Topics.DATASETS_PREPARE).version());
        }
        assertEquals(Math.max(1, Messages.VERSION - 1), Messages.OLDEST_READ);
    }

    @Test
    void aDeadLetterKeepsAtMostItsCapOfThePayload() {
        String big = "x".repeat(DeadLetter.MAX_PAYLOAD_CHARS + 10);
        DeadLetter letter = DeadLetter.of("why", Topics.PROBES_REQUESTS, 2, 7L, null, big, "svc");
        assertTrue(letter.truncated());
        assertEquals(DeadLetter.MAX_PAYLOAD_CHARS, letter.payload().length());
        assertEquals(big.length(), letter.payloadChars());
        DeadLetter small = DeadLetter.of("why", Topics.PROBES_REQUESTS, 2, 7L, "k", "{oops", "svc");
        assertFalse(small.truncated());
        assertEquals(small, Messages.fromJson(Messages.toJson(small), DeadLetter.class, Topics.DEAD_LETTERS));
    }

    @Test
    void jobIdsDependOnContentNotOrder() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("dataset", "x");
        a.put("layers", List.of(0, 1));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("layers", List.of(0, 1));
        b.put("dataset", "x");
        assertEquals(JobIds.of("embeddings", a), JobIds.of("embeddings", b));
        assertTrue(JobIds.of("embeddings", a).startsWith("embeddings-"));
        assertNotEquals(JobIds.of("embeddings", a), JobIds.of("embeddings", Map.of("dataset", "y", "layers", List.of(0, 1))));
        assertNotEquals(JobIds.of("embeddings", a), JobIds.of("probes", a));
        assertEquals(JobIds.experiment("name: a\n"), JobIds.experiment("name: a\r\n"));
    }

    @Test
    void topicsAreDistinct() {
        assertEquals(Topics.all().size(), Topics.all().stream().distinct().count());
    }
}
