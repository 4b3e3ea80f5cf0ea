package dev.plmlab.orchestrator;

import dev.plmlab.model.messages.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Which experiments this orchestrator replica follows. Every message the orchestrator consumes is keyed by its
 * experiment id, so all of an experiment's messages are in the same partition number of each input topic, and the
 * orchestrator reads its five input topics with one consumer and the range assignor, which gives one replica the
 * same partition numbers of every topic. The replica that holds an experiment's partition follows it; when the
 * partition moves (a replica starts, stops or dies) the new holder resumes the experiment from the store.
 *
 * <p>A message found on another partition than its experiment's (sent without a key, by a client or an older
 * service) is forwarded, keyed, to where it belongs.
 */
@ApplicationScoped
@Identifier(ExperimentPartitions.LISTENER)
public class ExperimentPartitions implements KafkaConsumerRebalanceListener {

    /** The name the input channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String LISTENER = "plmlab-orchestrator-ownership";

    private static final Logger LOG = Logger.getLogger(ExperimentPartitions.class);

    /** Fired (on the consumer's thread) after partitions were assigned: the observer resumes what it now owns. */
    public record Assigned(Set<TopicPartition> partitions) {
    }

    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

    @Inject
    Event<Assigned> assigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            partitionCounts.computeIfAbsent(partition.topic(), topic -> {
                java.util.List<PartitionInfo> infos = consumer.partitionsFor(topic);
                return infos == null || infos.isEmpty() ? 1 : infos.size();
            });
        }
        owned.addAll(partitions);
        LOG.infof("following the experiments of partitions %s", owned);
        assigned.fire(new Assigned(Set.copyOf(owned)));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        // a partition count can change between assignments (a topic was given more partitions)
        partitions.forEach(p -> partitionCounts.remove(p.topic()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** The partition of {@code topic} that the default partitioner gives a record keyed {@code experimentId}. */
    public int partitionOf(String topic, String experimentId) {
        return partitionOf(experimentId, partitionCounts.getOrDefault(topic, 1));
    }

    static int partitionOf(String key, int partitions) {
        // Kafka's BuiltInPartitioner.partitionForKey over the StringSerializer's bytes
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Whether a record of {@code experimentId} read from {@code partition} of {@code topic} is where its key puts it. */
    public boolean isHome(String topic, int partition, String experimentId) {
        return !partitionCounts.containsKey(topic) || partitionOf(topic, experimentId) == partition;
    }

    /** Whether this replica holds the partition of the experiment's messages, i.e. follows it. */
    public boolean owns(String experimentId) {
        return owned.contains(new TopicPartition(Topics.EXPERIMENTS, partitionOf(Topics.EXPERIMENTS, experimentId)));
    }
}
