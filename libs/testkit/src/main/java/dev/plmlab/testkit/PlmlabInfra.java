package dev.plmlab.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The infrastructure every plmlab integration test needs: a Kafka broker (in-process) and an S3
 * endpoint (S3Proxy child) with the {@value #BUCKET} bucket. Started once per test JVM on first
 * use and shared by all test classes in it, because starting it costs seconds; stopped when the
 * JVM exits.
 */
public final class PlmlabInfra {

    public static final String BUCKET = "plmlab";

    /** Configuration keys the services read (Quarkus / MicroProfile Config names). */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String S3_ENDPOINT = "plmlab.s3.endpoint";
    public static final String S3_ACCESS_KEY = "plmlab.s3.access-key";
    public static final String S3_SECRET_KEY = "plmlab.s3.secret-key";
    public static final String S3_BUCKET = "plmlab.s3.bucket";
    public static final String S3_REGION = "plmlab.s3.region";

    private static PlmlabInfra shared;

    private final EmbeddedKafka kafka;
    private final S3ProxyProcess s3;

    private PlmlabInfra(EmbeddedKafka kafka, S3ProxyProcess s3) {
        this.kafka = kafka;
        this.s3 = s3;
    }

    /** The JVM-wide instance, started on the first call. */
    public static synchronized PlmlabInfra shared() {
        if (shared == null) {
            shared = startNew();
            PlmlabInfra started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop plmlab test infrastructure"));
        }
        return shared;
    }

    private static PlmlabInfra startNew() {
        // S3Proxy is a child JVM: start it first so it boots while the broker starts here
        S3ProxyProcess s3 = null;
        EmbeddedKafka kafka = null;
        try {
            s3 = S3ProxyProcess.startTemporary();
            s3.createBucket(BUCKET);
            kafka = new EmbeddedKafka().start();
            return new PlmlabInfra(kafka, s3);
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public String s3AccessKey() {
        return s3.accessKey();
    }

    public String s3SecretKey() {
        return s3.secretKey();
    }

    public String s3Bucket() {
        return BUCKET;
    }

    public String s3Region() {
        return s3.region();
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public S3ProxyProcess s3() {
        return s3;
    }

    /** The settings a service needs to reach this infrastructure, keyed by config name. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers());
        config.put(S3_ENDPOINT, s3Endpoint());
        config.put(S3_ACCESS_KEY, s3AccessKey());
        config.put(S3_SECRET_KEY, s3SecretKey());
        config.put(S3_BUCKET, s3Bucket());
        config.put(S3_REGION, s3Region());
        return config;
    }

    private void stop() {
        kafka.close();
        s3.close();
    }
}
