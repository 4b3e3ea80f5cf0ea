package dev.plmlab.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * Typed models of the custom resources the chart renders (Strimzi, KEDA, Prometheus Operator),
 * parsed strictly: a field these records do not name fails the parse.
 *
 * <p>Why records of our own: the registry this project builds from serves neither Strimzi's model
 * ({@code io.strimzi:api}) nor a KEDA or Prometheus Operator model artifact (see
 * maven-partial.tsv), and fabric8's generic resource keeps any field. So each record holds the
 * fields of its CRD's schema that the chart uses, with the CRD's names and nesting; a misspelt or
 * misplaced field in a template is then an error here rather than a resource the operator ignores.
 * Free-form maps are kept only where the CRD itself is free-form (Kafka's {@code config}).
 */
final class CustomResources {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** The record type of each apiVersion/kind the chart may render. */
    private static final Map<String, Class<? extends Resource>> TYPES = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "keda.sh/v1alpha1/ScaledObject", ScaledObject.class,
            "keda.sh/v1alpha1/TriggerAuthentication", TriggerAuthentication.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    private CustomResources() {
    }

    /** Parses a resource fabric8 has no class for into its record; fails for an unknown kind or field. */
    static Resource parse(GenericKubernetesResource resource) {
        String type = resource.getApiVersion() + "/" + resource.getKind();
        Class<? extends Resource> recordType = TYPES.get(type);
        if (recordType == null) {
            throw new AssertionError("no typed model for " + type + " (" + resource.getMetadata().getName()
                    + "): add a record to CustomResources");
        }
        String json = SERIALIZATION.asJson(resource);
        try {
            return STRICT.readValue(json, recordType);
        } catch (Exception e) {
            throw new AssertionError(type + "/" + resource.getMetadata().getName() + " does not parse strictly: " + e.getMessage(), e);
        }
    }

    static <T extends Resource> T parse(GenericKubernetesResource resource, Class<T> type) {
        return type.cast(parse(resource));
    }

    sealed interface Resource permits Kafka, KafkaNodePool, KafkaTopic, ScaledObject, TriggerAuthentication, ServiceMonitor {
        Metadata metadata();
    }

    record Metadata(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
    }

    record Requirement(String key, String operator, List<String> values) {
    }

    // ---- Strimzi (kafka.strimzi.io/v1beta2)

    record Kafka(String apiVersion, String kind, Metadata metadata, KafkaSpec spec) implements Resource {
    }

    record KafkaSpec(KafkaClusterSpec kafka, EntityOperator entityOperator) {
    }

    record KafkaClusterSpec(String version, String metadataVersion, List<Listener> listeners, Map<String, Object> config) {
    }

    record Listener(String name, int port, String type, boolean tls) {
    }

    record EntityOperator(Map<String, Object> topicOperator, Map<String, Object> userOperator) {
    }

    record KafkaNodePool(String apiVersion, String kind, Metadata metadata, NodePoolSpec spec) implements Resource {
    }

    record NodePoolSpec(int replicas, List<String> roles, Storage storage, Resources resources) {
    }

    record Storage(String type, List<Volume> volumes) {
    }

    record Volume(int id, String type, String size, @com.fasterxml.jackson.annotation.JsonProperty("class") String storageClass,
                  Boolean deleteClaim, String kraftMetadata) {
    }

    record Resources(Map<String, String> requests, Map<String, String> limits) {
    }

    record KafkaTopic(String apiVersion, String kind, Metadata metadata, TopicSpec spec) implements Resource {
    }

    record TopicSpec(String topicName, int partitions, int replicas, Map<String, Object> config) {
    }

    // ---- KEDA (keda.sh/v1alpha1)

    record ScaledObject(String apiVersion, String kind, Metadata metadata, ScaledObjectSpec spec) implements Resource {
    }

    record ScaledObjectSpec(ScaleTarget scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount, Integer pollingInterval,
                            Integer cooldownPeriod, List<Trigger> triggers) {
    }

    record ScaleTarget(String apiVersion, String kind, String name) {
    }

    /** Only the Kafka scaler is rendered, so its metadata is typed with the keys KEDA's Kafka scaler reads. */
    record Trigger(String type, KafkaTriggerMetadata metadata, AuthenticationRef authenticationRef) {
    }

    record KafkaTriggerMetadata(String bootstrapServers, String consumerGroup, String topic, String lagThreshold,
                                String activationLagThreshold, String offsetResetPolicy, String allowIdleConsumers,
                                String sasl, String tls) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    record TriggerAuthentication(String apiVersion, String kind, Metadata metadata, TriggerAuthenticationSpec spec) implements Resource {
    }

    record TriggerAuthenticationSpec(List<SecretTarget> secretTargetRef) {
    }

    record SecretTarget(String parameter, String name, String key) {
    }

    // ---- Prometheus Operator (monitoring.coreos.com/v1)

    record ServiceMonitor(String apiVersion, String kind, Metadata metadata, ServiceMonitorSpec spec) implements Resource {
    }

    record ServiceMonitorSpec(List<String> podTargetLabels, LabelSelector selector, List<Endpoint> endpoints) {
    }

    record Endpoint(String port, String path, String interval, String scrapeTimeout) {
    }
}
