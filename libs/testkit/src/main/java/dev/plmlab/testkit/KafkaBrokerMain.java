package dev.plmlab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * Entry point of the broker JVM that {@link KafkaProcess} starts: does what {@code kafka.Kafka}
 * does for a KRaft node, but reports a failed start on stderr. {@code kafka.Kafka} logs it through
 * SLF4J, and the child's classpath (ours) may have no SLF4J provider, which would leave the log
 * file, and so the parent's error message, empty.
 */
public final class KafkaBrokerMain {

    static final String STARTED_MARKER = "plmlab: kafka broker started";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: KafkaBrokerMain server.properties");
            System.exit(2);
        }
        try {
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(load(Paths.get(args[0]))), Time.SYSTEM);
            // SIGTERM from the parent runs this: a clean shutdown flushes the logs for the next run
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "kafka-shutdown"));
            server.startup();
            System.out.println(STARTED_MARKER);
            server.awaitShutdown();
        } catch (Throwable t) {
            System.err.println("plmlab: kafka broker failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
