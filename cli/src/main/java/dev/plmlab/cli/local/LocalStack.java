package dev.plmlab.cli.local;

import dev.plmlab.cli.RepoLayout;
import dev.plmlab.testkit.KafkaProcess;
import dev.plmlab.testkit.S3ProxyProcess;
import dev.plmlab.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything plmlab runs in a cluster, on one machine: a KRaft broker, an S3 endpoint and the
 * five services from their built jars. State (topics, buckets, caches, logs) lives in one
 * folder, so a second run reuses what the first stored.
 *
 * <p>Once started, the stack is supervised ({@link Supervisor}): a process that dies is restarted on the same
 * ports and state, at most {@link #maxRestarts()} times each; each restart is a line for the user (the
 * progress view of the client following an experiment on this stack, else the start log) and in
 * {@code logs/supervisor.log}. When a process dies once more, {@link #failure()} names it and its log, and
 * {@link ExperimentClient} ends the run with that message.
 */
public final class LocalStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("orchestrator", "dataset-prep", "embedder", "probe-trainer", "reporter");
    public static final String BUCKET = "plmlab";
    /** How many times each process may be restarted in one run; {@code -Dplmlab.local.max-restarts} overrides it. */
    public static final int DEFAULT_MAX_RESTARTS = 3;
    public static final String MAX_RESTARTS_PROPERTY = "plmlab.local.max-restarts";
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    /** Stacks running in this JVM by bootstrap servers, so a client of one hears of its supervisor. */
    private static final Map<String, LocalStack> RUNNING = new ConcurrentHashMap<>();

    private final KafkaProcess kafka;
    private final S3ProxyProcess s3;
    private final List<ServiceProcess> services = new ArrayList<>();
    private RepoLayout repo;
    private Path state;
    private Map<String, String> serviceConfig;
    private Supervisor supervisor;
    private Consumer<String> log;
    private volatile Consumer<String> follower;

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
            stack.supervise(log);
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

    /**
     * Uploads the files a spec names by path to this stack's store and returns the spec that names them by
     * content, as {@code plmlab submit} does for a deployment: local mode's services read the store only too.
     *
     * @throws java.io.IOException naming the spec field when a file is missing
     */
    public String uploadSpecFiles(String specText, Path specDir, Consumer<String> log) throws java.io.IOException {
        dev.plmlab.cli.upload.SpecUploads uploads = dev.plmlab.cli.upload.SpecUploads.of(specText, specDir);
        if (!uploads.uploads().isEmpty()) {
            Map<String, String> c = config();
            try (dev.plmlab.store.ObjectStore store = new dev.plmlab.store.ObjectStore(new dev.plmlab.store.S3Settings(
                    c.get("plmlab.s3.endpoint"), c.get("plmlab.s3.access-key"), c.get("plmlab.s3.secret-key"), BUCKET,
                    c.get("plmlab.s3.region")))) {
                uploads.upload(store, log);
            }
        }
        return uploads.rewrittenSpec();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public KafkaProcess kafka() {
        return kafka;
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

    private void supervise(Consumer<String> startLog) {
        this.log = startLog;
        List<Supervisor.Supervised> watched = new ArrayList<>();
        watched.add(supervised("Kafka", kafka::isRunning, kafka::exitDescription, kafka::logFile,
                kafka.bootstrapServers(), kafka::restart));
        watched.add(supervised("S3Proxy", s3::isRunning, s3::exitDescription, s3::logFile, s3.endpoint(), s3::restart));
        for (ServiceProcess service : services) {
            watched.add(supervised(service.name(), service::isRunning, service::exitDescription, service::logFile,
                    "port " + service.httpPort(), () -> {
                        try {
                            service.restart().awaitReady();
                        } catch (RuntimeException e) {
                            // stopped, so that the next check counts it as dead again
                            service.kill();
                            throw e;
                        }
                    }));
        }
        Path supervisorLog = state.resolve("logs").resolve("supervisor.log");
        supervisor = new Supervisor(watched, maxRestarts(), CHECK_INTERVAL, line -> {
            appendLine(supervisorLog, line);
            Consumer<String> target = follower;
            (target != null ? target : log).accept(line);
        }).start();
        RUNNING.put(kafka.bootstrapServers(), this);
    }

    private static Supervisor.Supervised supervised(String name, BooleanSupplier running, Supplier<String> exit,
                                                    Supplier<Path> logFile, String address, Runnable restart) {
        return new Supervisor.Supervised() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isRunning() {
                return running.getAsBoolean();
            }

            @Override
            public String exitDescription() {
                return exit.get();
            }

            @Override
            public Path logFile() {
                return logFile.get();
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public void restart() {
                restart.run();
            }
        };
    }

    private static void appendLine(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, java.time.Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the line still reaches the console
        }
    }

    /** How many times each process may be restarted ({@value #MAX_RESTARTS_PROPERTY}, else {@value #DEFAULT_MAX_RESTARTS}). */
    public static int maxRestarts() {
        return Integer.getInteger(MAX_RESTARTS_PROPERTY, DEFAULT_MAX_RESTARTS);
    }

    /** The supervised stacks running in this JVM (e.g. for a fault test that kills one of their processes). */
    public static List<LocalStack> running() {
        return List.copyOf(RUNNING.values());
    }

    /** The folder the stack keeps its state in (broker, store, caches, logs). */
    public Path stateFolder() {
        return state;
    }

    /** The stack whose broker is {@code bootstrapServers}, when one runs in this JVM. */
    public static Optional<LocalStack> serving(String bootstrapServers) {
        return Optional.ofNullable(RUNNING.get(bootstrapServers));
    }

    /**
     * Sends the supervisor's lines to {@code target} (e.g. a progress view, which prints them between its bars)
     * instead of the start log, until {@link #unfollow}.
     */
    public void follow(Consumer<String> target) {
        follower = target;
    }

    public void unfollow(Consumer<String> target) {
        if (follower == target) {
            follower = null;
        }
    }

    /** Why the stack can no longer run the experiment: a process died more often than it may be restarted. */
    public Optional<String> failure() {
        return supervisor == null ? Optional.empty() : supervisor.failure();
    }

    /** How often each process was restarted by the supervisor, by name ("Kafka", "S3Proxy" or a service). */
    public Map<String, Integer> restarts() {
        return supervisor == null ? Map.of() : supervisor.restarts();
    }

    /**
     * Makes sure a service whose process has died or was killed runs again, and waits until it is ready: restarts
     * it now, or, when the supervisor already has, returns that instance (same port and log).
     */
    public ServiceProcess restart(String name) {
        ServiceProcess service = service(name);
        supervisor.ensureRunning(name);
        return service.awaitReady();
    }

    /** A running service by name, e.g. to stop it in a crash test. */
    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    @Override
    public void close() {
        if (supervisor != null) {
            // first, so that stopping the processes is not taken for deaths
            supervisor.close();
            RUNNING.remove(kafka.bootstrapServers(), this);
        }
        for (ServiceProcess service : services) {
            service.close();
        }
        s3.close();
        kafka.close();
    }
}
