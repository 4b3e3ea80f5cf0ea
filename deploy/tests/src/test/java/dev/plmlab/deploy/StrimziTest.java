package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.deploy.CustomResources.Kafka;
import dev.plmlab.deploy.CustomResources.KafkaNodePool;
import dev.plmlab.deploy.CustomResources.KafkaTopic;
import dev.plmlab.deploy.CustomResources.Listener;
import dev.plmlab.model.messages.Topics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kafka.strimzi.enabled: a KRaft Kafka with a node pool, a KafkaTopic per topic of the code, and every client pointed at it. */
class StrimziTest {

    @Test
    void kraftClusterWithANodePoolOfControllersAndBrokers() {
        Manifests manifests = HelmChart.render(ChartRenderings.STRIMZI);
        List<Kafka> clusters = manifests.custom(Kafka.class);
        assertEquals(1, clusters.size());
        Kafka kafka = clusters.get(0);
        assertEquals("enabled", kafka.metadata().annotations().get("strimzi.io/kraft"));
        assertEquals("enabled", kafka.metadata().annotations().get("strimzi.io/node-pools"));
        assertTrue(kafka.spec().entityOperator().topicOperator() != null, "the Topic Operator turns KafkaTopics into topics");

        List<KafkaNodePool> pools = manifests.custom(KafkaNodePool.class);
        assertEquals(1, pools.size());
        KafkaNodePool pool = pools.get(0);
        assertEquals(kafka.metadata().name(), pool.metadata().labels().get("strimzi.io/cluster"), "the pool belongs to the cluster");
        assertEquals(List.of("controller", "broker"), pool.spec().roles());
        assertEquals(3, pool.spec().replicas());
        assertEquals("shared", pool.spec().storage().volumes().get(0).kraftMetadata());
    }

    @Test
    void aKafkaTopicForEveryTopicOfTheCodeAndNoTopicJob() {
        Manifests manifests = HelmChart.render(ChartRenderings.STRIMZI);
        String cluster = manifests.custom(Kafka.class).get(0).metadata().name();
        List<KafkaTopic> topics = manifests.custom(KafkaTopic.class);
        assertEquals(Topics.all().stream().sorted().toList(), topics.stream().map(t -> t.spec().topicName()).sorted().toList());
        for (KafkaTopic topic : topics) {
            assertEquals(cluster, topic.metadata().labels().get("strimzi.io/cluster"), topic.metadata().name());
            assertEquals(6, topic.spec().partitions());
            assertEquals(1, topic.spec().replicas());
        }
        assertTrue(manifests.all(Job.class).isEmpty(), "the KafkaTopics replace the topic Job");
    }

    @Test
    void everyClientUsesTheClustersBootstrapService() {
        Manifests manifests = HelmChart.render(ChartRenderings.STRIMZI);
        Kafka kafka = manifests.custom(Kafka.class).get(0);
        Listener plain = kafka.spec().kafka().listeners().get(0);
        assertEquals("internal", plain.type());
        // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap
        String bootstrap = kafka.metadata().name() + "-kafka-bootstrap:" + plain.port();
        for (String service : PlmlabServices.NAMES) {
            assertEquals(bootstrap, PlmlabServices.env(Workloads.container(manifests, service), "KAFKA_BOOTSTRAP_SERVERS"), service);
        }
    }

    @Test
    void moreReplicasThanBrokersOrAuthenticationAreRefused() {
        Exception error = assertThrows(Exception.class, () -> HelmChart.template(Map.of("kafka.strimzi.enabled", true,
                "kafka.strimzi.replicas", 1, "kafka.topics.replicationFactor", 3)));
        assertTrue(error.getMessage().contains("kafka.topics.replicationFactor (3) is more than kafka.strimzi.replicas (1)"), error.getMessage());
        error = assertThrows(Exception.class, () -> HelmChart.template(Map.of("kafka.strimzi.enabled", true,
                "kafka.security.protocol", "SSL")));
        assertTrue(error.getMessage().contains("kafka.security.protocol must be PLAINTEXT"), error.getMessage());
    }
}
