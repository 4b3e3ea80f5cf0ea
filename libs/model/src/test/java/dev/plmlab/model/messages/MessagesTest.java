package dev.plmlab.model.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        BadMessageException future = assertThrows(BadMessageException.class,
                () -> Messages.fromJson("{\"version\": 99}", DatasetPrepare.class, Topics.DATASETS_PREPARE));
        assertTrue(future.getMessage().contains("version 99 is not supported"), future.getMessage());
        BadMessageException unversioned = assertThrows(BadMessageException.class,
                () -> Messages.fromJson("{\"jobId\": \"x\"}", DatasetPrepare.class, Topics.DATASETS_PREPARE));
        assertTrue(unversioned.getMessage().contains("no 'version' field"), unversioned.getMessage());
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
