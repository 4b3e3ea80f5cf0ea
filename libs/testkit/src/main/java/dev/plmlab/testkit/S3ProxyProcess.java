package dev.plmlab.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real S3 endpoint: S3Proxy with its filesystem backend, run as a child JVM
 * ({@code java -jar s3proxy.jar --properties FILE}) on a random loopback port, with AWS v4
 * authorization and fresh keys every start. Clients must use path-style requests.
 *
 * <p>Its state folder holds {@code data/} (one directory per bucket), {@code s3proxy.properties} and
 * {@code s3proxy.log}. A folder given by the caller is kept, so objects survive to the next run; a
 * temporary one is deleted on close.
 */
public final class S3ProxyProcess implements AutoCloseable {

    /** S3Proxy does not check the region, but AWS v4 signatures carry one; clients should use this. */
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final StateFolder state;
    private volatile ChildProcess child;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    /** {@link System#nanoTime()} before which {@link #restart()} waits (an {@link #outage}). */
    private volatile long heldDownUntil = System.nanoTime();

    private S3ProxyProcess(StateFolder state, ChildProcess child, int port, String accessKey, String secretKey) {
        this.state = state;
        this.child = child;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts S3Proxy on a temporary state folder that {@link #close()} deletes. */
    public static S3ProxyProcess startTemporary() {
        return start(null);
    }

    /** Starts S3Proxy keeping its objects in {@code stateFolder} (reused across runs); {@code null} means temporary. */
    public static S3ProxyProcess start(Path stateFolder) {
        return start(stateFolder, S3ProxyJar.locate());
    }

    /** As {@link #start(Path)}, running the given S3Proxy jar. */
    public static S3ProxyProcess start(Path stateFolder, Path s3proxyJar) {
        StateFolder state = StateFolder.of(stateFolder, "plmlab-s3proxy-");
        ChildProcess child = null;
        try {
            int port = FreePorts.find();
            String accessKey = "plmlab-" + randomHex(8);
            String secretKey = randomHex(20);
            Path dataDir = Files.createDirectories(state.path().resolve("data"));
            Path propertiesFile = state.path().resolve("s3proxy.properties");
            writeProperties(propertiesFile, port, accessKey, secretKey, dataDir);

            List<String> command = List.of(ChildProcess.javaExecutable(),
                    "-Xmx384m", "-XX:+UseSerialGC",
                    "-jar", s3proxyJar.toAbsolutePath().toString(),
                    "--properties", propertiesFile.toString());
            child = ChildProcess.start("S3Proxy", command, state.path(), state.path().resolve("s3proxy.log"));
            S3ProxyProcess s3 = new S3ProxyProcess(state, child, port, accessKey, secretKey);
            s3.awaitReady();
            return s3;
        } catch (IOException | RuntimeException e) {
            if (child != null) {
                child.close();
            }
            state.close();
            if (e instanceof InfraStartException startFailure) {
                throw startFailure;
            }
            throw new InfraStartException("cannot start S3Proxy (jar " + s3proxyJar + ", state " + state.path() + "): "
                    + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the S3 endpoint URL for clients. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return REGION;
    }

    /** Where the state lives (the caller's folder, or the temporary one). */
    public Path stateFolder() {
        return state.path();
    }

    /**
     * Makes sure a bucket exists. The filesystem backend stores a bucket as a directory under
     * {@code data/}, so creating that directory is enough and needs no S3 client here.
     */
    public void createBucket(String bucket) {
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a valid S3 bucket name: '" + bucket + "'");
        }
        try {
            Files.createDirectories(state.path().resolve("data").resolve(bucket));
        } catch (IOException e) {
            throw new InfraStartException("cannot create bucket " + bucket + " in " + state.path(), e);
        }
    }

    public boolean isRunning() {
        return child.isAlive();
    }

    /** How the S3Proxy process ended, or "still running". */
    public String exitDescription() {
        return child.exitDescription();
    }

    /** S3Proxy's log ({@code s3proxy.log} in its state folder). */
    public Path logFile() {
        return child.logFile();
    }

    /**
     * Starts S3Proxy again on the same port, with the same keys and the same data folder (every object
     * survives), stopping the old process first if it still runs, and waits until it answers: clients keep
     * their endpoint and credentials.
     */
    public S3ProxyProcess restart() {
        long wait = heldDownUntil - System.nanoTime();
        if (wait > 0) {
            ChildProcess.pause(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
        }
        ChildProcess old = child;
        old.close();
        PortWait.untilBindable("S3Proxy", port);
        child = old.relaunch();
        awaitReady();
        return this;
    }

    /**
     * Stops S3Proxy at once (SIGKILL: requests in flight are cut, new ones are refused), keeping its port, keys and
     * data folder for {@link #restart()}: an outage as clients see it.
     */
    public void stop() {
        child.kill();
    }

    /**
     * An outage of {@code length}: stops S3Proxy now ({@link #stop()}) and holds it down, so that a
     * {@link #restart()} called before the outage is over (by a test, or by a supervisor that saw it die) waits
     * until then. The endpoint is down for at least {@code length}, then back with every object.
     */
    public void outage(Duration length) {
        heldDownUntil = System.nanoTime() + length.toNanos();
        stop();
    }

    /** Stops the child (and, if temporary, deletes its state folder). */
    @Override
    public void close() {
        child.close();
        state.close();
    }

    /** Ready once it answers HTTP at all: an unsigned request gets an S3 error document, which is fine. */
    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new InfraStartException("S3Proxy " + child.exitDescription() + " before it served "
                        + endpoint() + child.logTailSection());
            }
            if (FreePorts.accepts("127.0.0.1", port)) {
                try {
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException e) {
                    // listening but not serving yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InfraStartException("interrupted while waiting for S3Proxy at " + endpoint(), e);
                }
            }
            ChildProcess.pause(200);
        }
        throw new InfraStartException("S3Proxy did not answer HTTP at " + endpoint() + " within "
                + START_TIMEOUT.toSeconds() + " s" + child.logTailSection());
    }

    private static void writeProperties(Path file, int port, String accessKey, String secretKey, Path dataDir)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        p.setProperty("s3proxy.authorization", "aws-v4");
        p.setProperty("s3proxy.identity", accessKey);
        p.setProperty("s3proxy.credential", secretKey);
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        // the backend's own credentials are unused by the filesystem provider but must be present
        p.setProperty("jclouds.identity", accessKey);
        p.setProperty("jclouds.credential", secretKey);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "written by plmlab testkit S3ProxyProcess; regenerated on every start");
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
