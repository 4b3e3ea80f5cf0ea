package dev.plmlab.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plmlab Quarkus service run from its built {@code quarkus-run.jar} in a child JVM, as the
 * local mode runs them: the same artifact a cluster runs, configured by system properties.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private volatile ChildProcess child;
    private final int httpPort;

    private ServiceProcess(String name, ChildProcess child, int httpPort) {
        this.name = name;
        this.child = child;
        this.httpPort = httpPort;
    }

    /**
     * Starts the service and returns without waiting; call {@link #awaitReady()} (starting all
     * services first lets them boot in parallel).
     */
    public static ServiceProcess start(String name, Path quarkusRunJar, Map<String, String> config, Path logFile, String maxHeap) {
        return start(name, quarkusRunJar, config, logFile, maxHeap, List.of());
    }

    /** @param jvmOptions more JVM options, e.g. modules a service's fast paths need */
    public static ServiceProcess start(String name, Path quarkusRunJar, Map<String, String> config, Path logFile, String maxHeap,
                                       List<String> jvmOptions) {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new InfraStartException("service " + name + " is not built: " + quarkusRunJar
                    + " is missing (build it with ./mvnw install -DskipTests)");
        }
        int port = FreePorts.find();
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.add("-Xmx" + maxHeap);
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(quarkusRunJar.toAbsolutePath().toString());
        ChildProcess child = ChildProcess.start(name, command, quarkusRunJar.getParent(), logFile);
        return new ServiceProcess(name, child, port);
    }

    /** Waits until {@code /q/health/ready} answers 200, or fails with the service's log tail. */
    public ServiceProcess awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new InfraStartException("service " + name + " stopped while starting (" + child.exitDescription() + ")"
                        + child.logTailSection());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfraStartException("interrupted while waiting for " + name, e);
            }
            ChildProcess.pause(250);
        }
        throw new InfraStartException("service " + name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s"
                + child.logTailSection());
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public boolean isRunning() {
        return child.isAlive();
    }

    /** How the process ended ("exited with code 137 (SIGKILL ...)"), or "still running". */
    public String exitDescription() {
        return child.exitDescription();
    }

    /**
     * Starts the service again with the same command: the same HTTP port, configuration and log file (the
     * old process is stopped first if it still runs), as a cluster restarts a pod. Returns without waiting;
     * call {@link #awaitReady()}.
     */
    public ServiceProcess restart() {
        ChildProcess old = child;
        old.close();
        PortWait.untilBindable(name, httpPort);
        child = old.relaunch();
        return this;
    }

    public Path logFile() {
        return child.logFile();
    }

    /** Kills the service at once (SIGKILL), for crash tests. */
    public void kill() {
        child.kill();
    }

    @Override
    public void close() {
        child.close();
    }
}
