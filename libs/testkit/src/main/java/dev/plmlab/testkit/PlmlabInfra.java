package dev.plmlab.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The infrastructure every plmlab integration test needs: a Kafka broker (in-process) and an S3
 * endpoint (S3Proxy child) with the {@value #BUCKET} bucket. Started once per test JVM on first
 * use and shared by all test classes in it, because starting it costs seconds; stopped when the
 * JVM exits.
 *
 * <p>"Once per JVM" holds across class loaders too: Quarkus loads tests and their resources in a
 * fresh class loader for each application it starts, where a static field would be seen empty and
 * a second Kafka and S3 would start, with the test talking to one and the service to the other.
 * So the first starter publishes the config in the JDK's system properties (the one object all
 * class loaders share) and every later {@link #shared()} reads it from there.
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

    /** Where the started infrastructure's config is published for other class loaders. */
    private static final String JVM_WIDE_CONFIG = "dev.plmlab.testkit.PlmlabInfra.config";

    private static PlmlabInfra shared;

    private final Map<String, String> config;

    private PlmlabInfra(Map<String, String> config) {
        this.config = Map.copyOf(config);
    }

    /** The JVM-wide instance, started on the first call in any class loader. */
    public static PlmlabInfra shared() {
        Properties jvmWide = System.getProperties();
        synchronized (jvmWide) {
            if (shared == null) {
                if (jvmWide.get(JVM_WIDE_CONFIG) instanceof Map<?, ?> published) {
                    Map<String, String> config = new LinkedHashMap<>();
                    published.forEach((key, value) -> config.put((String) key, (String) value));
                    shared = new PlmlabInfra(config);
                } else {
                    shared = startNew();
                    jvmWide.put(JVM_WIDE_CONFIG, shared.config);
                }
            }
            return shared;
        }
    }

    private static PlmlabInfra startNew() {
        S3ProxyProcess s3 = null;
        EmbeddedKafka kafka = null;
        try {
            s3 = S3ProxyProcess.startTemporary();
            s3.createBucket(BUCKET);
            kafka = new EmbeddedKafka().start();
            PlmlabInfra infra = new PlmlabInfra(configOf(kafka, s3));
            EmbeddedKafka startedKafka = kafka;
            S3ProxyProcess startedS3 = s3;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                startedKafka.close();
                startedS3.close();
            }, "stop plmlab test infrastructure"));
            return infra;
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

    private static Map<String, String> configOf(EmbeddedKafka kafka, S3ProxyProcess s3) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.put(S3_ENDPOINT, s3.endpoint());
        config.put(S3_ACCESS_KEY, s3.accessKey());
        config.put(S3_SECRET_KEY, s3.secretKey());
        config.put(S3_BUCKET, BUCKET);
        config.put(S3_REGION, s3.region());
        return config;
    }

    public String kafkaBootstrapServers() {
        return config.get(KAFKA_BOOTSTRAP_SERVERS);
    }

    public String s3Endpoint() {
        return config.get(S3_ENDPOINT);
    }

    public String s3AccessKey() {
        return config.get(S3_ACCESS_KEY);
    }

    public String s3SecretKey() {
        return config.get(S3_SECRET_KEY);
    }

    public String s3Bucket() {
        return config.get(S3_BUCKET);
    }

    public String s3Region() {
        return config.get(S3_REGION);
    }

    /** The settings a service needs to reach this infrastructure, keyed by config name (in a stable order). */
    public Map<String, String> config() {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String key : new String[] {KAFKA_BOOTSTRAP_SERVERS, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET, S3_REGION}) {
            ordered.put(key, config.get(key));
        }
        return ordered;
    }
}
