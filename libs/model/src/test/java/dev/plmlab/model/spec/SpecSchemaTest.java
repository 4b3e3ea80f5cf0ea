package dev.plmlab.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.model.catalog.KnownDatasets;
import dev.plmlab.model.catalog.KnownModels;
import dev.plmlab.model.catalog.ModelFamily;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The editor schema and the validator must accept the same keys and names. */
class SpecSchemaTest {

    private final JsonNode schema = load();

    private static JsonNode load() {
        try (InputStream in = SpecSchemaTest.class.getResourceAsStream("/plmlab-spec.schema.json")) {
            return new ObjectMapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> keys(JsonNode properties) {
        Set<String> keys = new HashSet<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> enumOf(JsonNode node) {
        Set<String> values = new HashSet<>();
        node.get("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void keysMatchTheValidator() {
        assertEquals(SpecReader.TOP_KEYS, keys(schema.get("properties")));
        JsonNode defs = schema.get("$defs");
        assertEquals(SpecReader.TASK_KEYS, keys(defs.get("task").get("properties")));
        assertEquals(SpecReader.MODEL_KEYS, keys(defs.get("model").get("properties")));
        assertEquals(SpecReader.COMPUTE_KEYS, keys(defs.get("compute").get("properties")));
    }

    @Test
    void probeKeysMatchTheValidator() {
        Set<String> accepted = new HashSet<>();
        for (String type : ProbeSpec.TYPES) {
            accepted.addAll(ProbeParams.keys(type));
        }
        JsonNode probe = schema.get("$defs").get("probe").get("oneOf").get(1);
        assertEquals(accepted, keys(probe.get("properties")));
        assertEquals(Set.of("regression", "classification", "per-residue-classification"),
                enumOf(probe.get("properties").get("task_types").get("items")));
    }

    @Test
    void boundsMatchTheValidator() {
        JsonNode defs = schema.get("$defs");
        assertEquals(SpecReader.MAX_LAYER, defs.get("model").get("properties").get("layers").get("oneOf").get(2)
                .get("items").get("oneOf").get(0).get("maximum").asInt());
        assertEquals(Integer.MAX_VALUE, defs.get("seeds").get("items").get("maximum").asInt());
        assertEquals(SpecReader.MAX_TOKEN_BUDGET, defs.get("compute").get("properties").get("token_budget").get("maximum").asInt());
        JsonNode probe = defs.get("probe").get("oneOf").get(1).get("properties");
        assertEquals(ProbeParams.MAX_EPOCHS, probe.get("epochs").get("maximum").asInt());
        assertEquals(ProbeParams.MAX_BATCH_SIZE, probe.get("batch_size").get("maximum").asInt());
        assertEquals(ProbeParams.MAX_WIDTH, probe.get("hidden").get("maximum").asInt());
        for (String list : List.of("tasks", "models", "probes")) {
            assertEquals(1, schema.get("properties").get(list).get("minItems").asInt(), list);
        }
    }

    @Test
    void namesMatchTheCatalogues() {
        JsonNode defs = schema.get("$defs");
        assertEquals(new HashSet<>(KnownDatasets.names()), enumOf(defs.get("task").get("properties").get("dataset")));
        assertEquals(new HashSet<>(ModelFamily.specNames()), enumOf(defs.get("model").get("properties").get("family")));
        Set<String> sizes = new HashSet<>();
        for (ModelFamily family : ModelFamily.values()) {
            sizes.addAll(KnownModels.sizes(family));
        }
        assertEquals(sizes, enumOf(defs.get("model").get("properties").get("size")));
        assertEquals(new HashSet<>(Variant.specNames()),
                enumOf(defs.get("model").get("properties").get("variants").get("items")));
        assertEquals(Set.copyOf(List.of("error", "truncate-ends", "truncate-head", "sliding-window")),
                enumOf(defs.get("compute").get("properties").get("long_sequences")));
    }
}
