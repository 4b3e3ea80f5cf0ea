package dev.plmlab.testkit;

import java.util.Properties;

/** Broker settings shared by the in-process and the child-process broker: one node, no replication. */
final class KafkaBrokerDefaults {

    private KafkaBrokerDefaults() {
    }

    static void applySingleNode(Properties p) {
        // internal topics would otherwise wait for three brokers that never come
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("num.partitions", "1");
        // consumers in tests and in the local mode should not wait 3 s for a rebalance
        p.setProperty("group.initial.rebalance.delay.ms", "0");
    }
}
