package dev.plmlab.testkit;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link KServeServer} as its own process (a container standing in for Triton):
 *
 * <pre>
 * KServeServerMain [--host H] [--port P] [--model-control-mode none|explicit] [--ort-threads N] [--http-threads N]
 *                  (--repository DIR | --s3-endpoint URL --s3-bucket B [--s3-prefix P] [--s3-region R])
 * </pre>
 *
 * Defaults: host 127.0.0.1, port 8000 (Triton's HTTP port), mode none, 1 ORT thread, 4 HTTP threads, region
 * us-east-1, empty prefix. S3 credentials come from {@code PLMLAB_S3_ACCESS_KEY} and {@code PLMLAB_S3_SECRET_KEY}.
 * Prints {@value #READY_LINE_PREFIX}{@code HOST:PORT} on stdout once it serves; SIGTERM stops it. Exit codes: 2
 * for bad arguments, 1 if it cannot start.
 */
public final class KServeServerMain {

    static final String READY_LINE_PREFIX = "KServe v2 server listening on ";
    private static final Set<String> OPTIONS = Set.of("--host", "--port", "--model-control-mode", "--ort-threads",
            "--http-threads", "--repository", "--s3-endpoint", "--s3-bucket", "--s3-prefix", "--s3-region");

    private KServeServerMain() {
    }

    public static void main(String[] args) {
        Map<String, String> options;
        ModelRepository repository;
        ModelControlMode mode;
        InetSocketAddress bind;
        KServeServerOptions serverOptions;
        try {
            options = parse(args);
            mode = ModelControlMode.parse(options.getOrDefault("--model-control-mode", "none"));
            String host = options.getOrDefault("--host", "127.0.0.1");
            bind = new InetSocketAddress(host, integer(options, "--port", 8000));
            if (bind.isUnresolved()) {
                throw new IllegalArgumentException("--host " + host + " does not resolve");
            }
            serverOptions = KServeServerOptions.defaults().withOrtThreads(integer(options, "--ort-threads", 1))
                    .withHttpThreads(integer(options, "--http-threads", 4));
            repository = repository(options);
        } catch (IllegalArgumentException e) {
            System.err.println("KServeServerMain: " + e.getMessage());
            System.err.println("usage: KServeServerMain [--host H] [--port P] [--model-control-mode none|explicit]"
                    + " [--ort-threads N] [--http-threads N]"
                    + " (--repository DIR | --s3-endpoint URL --s3-bucket B [--s3-prefix P] [--s3-region R])");
            System.exit(2);
            return;
        }
        KServeServer server;
        try {
            server = KServeServer.start(repository, mode, bind, serverOptions);
        } catch (RuntimeException e) {
            System.err.println("KServeServerMain: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "kserve-shutdown"));
        System.out.println(READY_LINE_PREFIX + bind.getHostString() + ":" + server.address().getPort());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
        }
        return options;
    }

    private static ModelRepository repository(Map<String, String> options) {
        String folder = options.get("--repository");
        String endpoint = options.get("--s3-endpoint");
        if ((folder == null) == (endpoint == null)) {
            throw new IllegalArgumentException("give either --repository DIR or --s3-endpoint URL (with --s3-bucket)");
        }
        if (folder != null) {
            Path dir = Path.of(folder);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--repository " + folder + " is not a folder");
            }
            return ModelRepository.folder(dir);
        }
        String bucket = options.get("--s3-bucket");
        if (bucket == null) {
            throw new IllegalArgumentException("--s3-endpoint needs --s3-bucket");
        }
        String accessKey = System.getenv("PLMLAB_S3_ACCESS_KEY");
        String secretKey = System.getenv("PLMLAB_S3_SECRET_KEY");
        if (accessKey == null || secretKey == null) {
            throw new IllegalArgumentException("an S3 repository needs PLMLAB_S3_ACCESS_KEY and PLMLAB_S3_SECRET_KEY in the environment");
        }
        return ModelRepository.s3(new S3ModelRepository.Location(endpoint, options.get("--s3-region"), bucket,
                options.get("--s3-prefix"), accessKey, secretKey));
    }

    private static int integer(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
    }
}
