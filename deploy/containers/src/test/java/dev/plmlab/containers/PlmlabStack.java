package dev.plmlab.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * plmlab as containers on one host, the way a cluster runs it: a KRaft Kafka, an S3 endpoint and
 * the five service images, configured by environment variables only (the same ones the chart
 * sets), each as uid 185 on a read-only root file system with a tmpfs for /tmp and for HOME.
 * Host networking, each on a free port: the CLI and the tests reach them on 127.0.0.1.
 */
final class PlmlabStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("orchestrator", "dataset-prep", "embedder", "probe-trainer", "reporter");
    static final String BUCKET = "plmlab";
    static final String REGION = "us-east-1";
    private static final String SHARED_DATA = "/data/shared";
    static final String HOME = "/home/plmlab";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    final Map<String, String> images;
    final String accessKey = "plmlab-" + hex(6);
    final String secretKey = hex(20);
    final int kafkaPort;
    final int s3Port;
    final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    final GenericContainer<?> kafka;
    final GenericContainer<?> s3;
    final Map<String, GenericContainer<?>> services = new LinkedHashMap<>();
    private final List<GenericContainer<?>> extra = new ArrayList<>();
    private final Path logs;

    private PlmlabStack(Map<String, String> images, Path logs) {
        this.images = images;
        this.logs = logs;
        int[] kafkaPorts = {Ports.free(), Ports.free()};
        kafkaPort = kafkaPorts[0];
        s3Port = Ports.free();
        kafka = hardened("kafka")
                .withEnv("KAFKA_PORT", Integer.toString(kafkaPorts[0]))
                .withEnv("KAFKA_CONTROLLER_PORT", Integer.toString(kafkaPorts[1]))
                .withEnv("KAFKA_LISTEN_HOST", "127.0.0.1")
                .waitingFor(Wait.forLogMessage(".*plmlab: kafka broker started.*", 1).withStartupTimeout(START_TIMEOUT));
        s3 = hardened("s3proxy")
                .withEnv("S3PROXY_PORT", Integer.toString(s3Port))
                .withEnv("S3PROXY_LISTEN_HOST", "127.0.0.1")
                .withEnv("S3_ACCESS_KEY", accessKey)
                .withEnv("S3_SECRET_KEY", secretKey)
                .withEnv("S3_BUCKETS", BUCKET)
                .waitingFor(Wait.forLogMessage(".*Started .*ServerConnector.*", 1).withStartupTimeout(START_TIMEOUT));
    }

    /**
     * Starts Kafka and S3, then the five services, and waits until every service is ready.
     *
     * @param customize more settings for a service container, by service name, before it starts
     */
    static PlmlabStack start(Map<String, String> images, Path logs, BiConsumer<String, GenericContainer<?>> customize) {
        PlmlabStack stack = new PlmlabStack(images, logs);
        try {
            long started = System.nanoTime();
            Startables.deepStart(stack.kafka, stack.s3).join();
            System.out.printf("kafka (127.0.0.1:%d) and s3proxy (%s) up in %.1f s%n", stack.kafkaPort, stack.s3Endpoint(),
                    (System.nanoTime() - started) / 1e9);
            for (String name : SERVICES) {
                GenericContainer<?> service = stack.service(name);
                customize.accept(name, service);
                stack.services.put(name, service);
            }
            started = System.nanoTime();
            Startables.deepStart(stack.services.values()).join();
            stack.awaitReady();
            System.out.printf("services %s ready in %.1f s%n", stack.httpPorts, (System.nanoTime() - started) / 1e9);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw new IllegalStateException("the plmlab containers did not start: " + e.getMessage() + " (logs in " + logs + ")", e);
        }
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** The deployment's store as a client (the CLI) is told it, for uploading a spec's own files. */
    Map<String, String> clientEnv() {
        return Map.of("PLMLAB_S3_ENDPOINT", s3Endpoint(), "PLMLAB_S3_ACCESS_KEY", accessKey, "PLMLAB_S3_SECRET_KEY", secretKey,
                "PLMLAB_S3_REGION", REGION);
    }

    /** Every container of the stack started so far, with its name. */
    Map<String, GenericContainer<?>> all() {
        Map<String, GenericContainer<?>> all = new LinkedHashMap<>();
        all.put("kafka", kafka);
        all.put("s3proxy", s3);
        all.putAll(services);
        return all;
    }

    /** A container from one of the images, hardened as the chart runs the services, logging to logs/NAME.log. */
    GenericContainer<?> hardened(String image) {
        String tag = images.get(image);
        if (tag == null) {
            throw new IllegalStateException("build-images.sh made no image '" + image + "' (it made " + images.keySet() + ")");
        }
        Path log = logs.resolve(image + ".log");
        try {
            Files.createDirectories(logs);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        @SuppressWarnings("resource")
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(tag))
                .withNetworkMode("host")
                // ONNX Runtime loads the native library it unpacks there: exec, not noexec
                .withTmpFs(Map.of("/tmp", "rw,exec,mode=1777,size=4g"))
                // HOME (DJL's and the embedder's caches) on an anonymous volume: it starts as a copy of the image's
                // folder, owned by uid 185, where a tmpfs over an existing folder is root's (podman ignores mode=)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withVolumes(new Volume(HOME));
                    cmd.getHostConfig().withReadonlyRootfs(true);
                })
                .withLogConsumer(frame -> append(log, frame));
        return container;
    }

    /** One more container beside the stack (a KServe server), stopped with it. */
    GenericContainer<?> extra(String image) {
        GenericContainer<?> container = hardened(image);
        extra.add(container);
        return container;
    }

    private GenericContainer<?> service(String name) {
        int port = Ports.free();
        httpPorts.put(name, port);
        GenericContainer<?> service = hardened(name)
                .withEnv("QUARKUS_HTTP_PORT", Integer.toString(port))
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap())
                .withEnv("PLMLAB_S3_ENDPOINT", s3Endpoint())
                .withEnv("PLMLAB_S3_BUCKET", BUCKET)
                .withEnv("PLMLAB_S3_REGION", REGION)
                .withEnv("PLMLAB_S3_ACCESS_KEY", accessKey)
                .withEnv("PLMLAB_S3_SECRET_KEY", secretKey)
                // the image's JAVA_OPTS_APPEND (heap share of the limit, the service's flags) stays; two
                // cores and five services here: a fixed heap as the local mode gives
                .withEnv("JDK_JAVA_OPTIONS", "-Xmx512m")
                .waitingFor(Wait.forLogMessage(".* started in .*", 1).withStartupTimeout(START_TIMEOUT));
        if (name.equals("dataset-prep")) {
            service.withFileSystemBind(Repo.sharedData().toString(), SHARED_DATA, BindMode.READ_ONLY)
                    .withEnv("PLMLAB_DATA_SHARED", SHARED_DATA)
                    .withEnv("PLMLAB_DATA_OFFLINE", "true")
                    .withEnv("PLMLAB_DATA_CACHE", "/tmp/plmlab-data");
        }
        return service;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (Map.Entry<String, Integer> service : httpPorts.entrySet()) {
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.getValue() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            int status = -1;
            while (status != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.getKey() + " was not ready (last /q/health/ready: " + status + ") within "
                            + START_TIMEOUT.toSeconds() + " s");
                }
                if (!services.get(service.getKey()).isRunning()) {
                    throw new IllegalStateException(service.getKey() + " stopped while starting");
                }
                try {
                    status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    status = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                if (status != 200) {
                    pause(250);
                }
            }
        }
    }

    @Override
    public void close() {
        List<GenericContainer<?>> stopping = new ArrayList<>(extra);
        stopping.addAll(services.values());
        stopping.add(s3);
        stopping.add(kafka);
        for (GenericContainer<?> container : stopping) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                System.err.println("could not stop " + container.getDockerImageName() + ": " + e);
            }
        }
    }

    private static void append(Path log, OutputFrame frame) {
        try {
            Files.writeString(log, frame.getUtf8String(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a lost log line must not stop the container
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
