package dev.plmlab.cli.local;

import dev.plmlab.cli.RepoLayout;
import dev.plmlab.testkit.KafkaProcess;
import dev.plmlab.testkit.S3ProxyProcess;
import dev.plmlab.testkit.ServiceProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything plmlab runs in a cluster, on one machine: a KRaft broker, an S3 endpoint and the
 * five services from their built jars. State (topics, buckets, caches, logs) lives in one
 * folder, so a second run reuses what the first stored.
 */
public final class LocalStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("orchestrator", "dataset-prep", "embedder", "probe-trainer", "reporter");
    public static final String BUCKET = "plmlab";

    private final KafkaProcess kafka;
    private final S3ProxyProcess s3;
    private final List<ServiceProcess> services = new ArrayList<>();
    private RepoLayout repo;
    private Path state;
    private Map<String, String> serviceConfig;

    private LocalStack(KafkaProcess kafka, S3ProxyProcess s3) {
        this.kafka = kafka;
        this.s3 = s3;
    }

    /**
     * @param specDir where relative dataset paths of the spec are resolved
     * @param log     receives one line per step, for the user
     */
    public static LocalStack start(RepoLayout repo, Path state, Path specDir, Consumer<String> log) {
        return start(repo, state, specDir, Map.of(), log);
    }

    /** @param extraConfig more service settings, e.g. the embedder's Triton URL */
    public static LocalStack start(RepoLayout repo, Path state, Path specDir, Map<String, String> extraConfig,
                                   Consumer<String> log) {
        log.accept("starting Kafka (KRaft) and the S3 endpoint in " + state);
        KafkaProcess kafka = KafkaProcess.start(state.resolve("kafka"));
        LocalStack stack;
        try {
            stack = new LocalStack(kafka, S3ProxyProcess.start(state.resolve("s3")));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        try {
            stack.s3.createBucket(BUCKET);
            Map<String, String> config = new LinkedHashMap<>(stack.config());
            config.put("plmlab.data.base-dir", specDir.toAbsolutePath().toString());
            config.put("plmlab.data.cache", state.resolve("cache").toAbsolutePath().toString());
            repo.sharedData().ifPresent(shared -> config.put("plmlab.data.shared", shared.toString()));
            // A crashed service's group membership expires sooner, so its restart takes over its work quickly.
            config.put("kafka.session.timeout.ms", "10000");
            config.putAll(extraConfig);
            stack.repo = repo;
            stack.state = state;
            stack.serviceConfig = config;
            log.accept("starting services: " + String.join(", ", SERVICES));
            for (String name : SERVICES) {
                stack.services.add(stack.startService(name));
            }
            for (ServiceProcess service : stack.services) {
                service.awaitReady();
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The settings a service or client needs to reach this stack. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("plmlab.s3.endpoint", s3.endpoint());
        config.put("plmlab.s3.access-key", s3.accessKey());
        config.put("plmlab.s3.secret-key", s3.secretKey());
        config.put("plmlab.s3.bucket", BUCKET);
        config.put("plmlab.s3.region", s3.region());
        return config;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public S3ProxyProcess s3() {
        return s3;
    }

    private ServiceProcess startService(String name) {
        // The same flags as the chart's services.<name>.javaOpts (helm/plmlab/values.yaml).
        List<String> jvmOptions = switch (name) {
            // The ridge probe's SIMD kernels (libs/science) run only with the Vector API module: about 2x faster.
            case "probe-trainer" -> List.of("--add-modules", "jdk.incubator.vector");
            // ONNX Runtime's session setup for real-size graphs overflows the default thread stack (as in ./plmlab).
            case "embedder" -> List.of("-Xss64m");
            default -> List.of();
        };
        return ServiceProcess.start(name, repo.serviceJar(name), serviceConfig, state.resolve("logs").resolve(name + ".log"),
                "512m", jvmOptions);
    }

    /** Starts a new instance of a service whose process has died or was killed, and waits until it is ready. */
    public ServiceProcess restart(String name) {
        ServiceProcess old = service(name);
        old.close();
        ServiceProcess fresh = startService(name).awaitReady();
        services.set(services.indexOf(old), fresh);
        return fresh;
    }

    /** A running service by name, e.g. to stop it in a crash test. */
    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    @Override
    public void close() {
        for (ServiceProcess service : services) {
            service.close();
        }
        s3.close();
        kafka.close();
    }
}
