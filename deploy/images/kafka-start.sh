#!/bin/bash
# plmlab/kafka: one KRaft node (broker and controller), from the Kafka jars the testkit runs.
# Formats its storage on the first start, then runs dev.plmlab.testkit.KafkaBrokerMain.
# Settings:
#   KAFKA_PORT             client listener port (default 9092)
#   KAFKA_CONTROLLER_PORT  controller listener port (default 9093)
#   KAFKA_LISTEN_HOST      address both listeners bind (default 0.0.0.0)
#   KAFKA_ADVERTISED_HOST  host clients are told to connect to (default 127.0.0.1: host networking)
#   KAFKA_DATA_DIR         a writable folder for the log and metadata (default /tmp/kafka)
set -euo pipefail

port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
listen="${KAFKA_LISTEN_HOST:-0.0.0.0}"
advertised="${KAFKA_ADVERTISED_HOST:-127.0.0.1}"
data="${KAFKA_DATA_DIR:-/tmp/kafka}"
classpath="/opt/plmlab/lib/*"

mkdir -p "$data/kafka-logs" || { echo "plmlab/kafka: cannot create $data (mount a writable folder there)" >&2; exit 1; }
properties="$data/server.properties"
# a single node: the same settings as the testkit's broker (KafkaBrokerDefaults)
cat >"$properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$advertised:$controller_port
listeners=PLAINTEXT://$listen:$port,CONTROLLER://$listen:$controller_port
advertised.listeners=PLAINTEXT://$advertised:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/kafka-logs
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
num.partitions=1
group.initial.rebalance.delay.ms=0
PROPERTIES

# shellcheck disable=SC2086  # JAVA_OPTS_APPEND is a list of flags
if [[ ! -f "$data/kafka-logs/meta.properties" ]]; then
  # a Kafka Uuid: 16 random bytes, base64url without padding
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  java $JAVA_OPTS_APPEND -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$properties"
fi
echo "plmlab/kafka: KRaft node on $listen:$port (advertised $advertised:$port), data in $data"
exec java $JAVA_OPTS_APPEND -cp "$classpath" dev.plmlab.testkit.KafkaBrokerMain "$properties"
