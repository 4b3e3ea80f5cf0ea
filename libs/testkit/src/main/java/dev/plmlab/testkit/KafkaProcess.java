package dev.plmlab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real KRaft Kafka node (broker and controller in one) in a child JVM, for the local mode. The
 * child runs on this JVM's own classpath, which holds the Kafka jars.
 *
 * <p>Its state folder holds {@code server.properties}, {@code kafka-logs/} and {@code kafka.log}.
 * A folder given by the caller is formatted once and reused, so topics and records survive to the
 * next run, which also gets the same ports back when they are still free; a temporary folder is
 * deleted on close.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final String HOST = "127.0.0.1";
    private static final String BROKER_PORT = "plmlab.broker.port";
    private static final String CONTROLLER_PORT = "plmlab.controller.port";
    private static final List<String> CHILD_JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");

    private static final boolean JBOSS_LOG_MANAGER_PRESENT = isOnClasspath("org.jboss.logmanager.LogManager");

    private final StateFolder state;
    private volatile ChildProcess child;
    private final int port;
    private final int controllerPort;

    private KafkaProcess(StateFolder state, ChildProcess child, int port, int controllerPort) {
        this.state = state;
        this.child = child;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker on a temporary state folder that {@link #close()} deletes. */
    public static KafkaProcess startTemporary() {
        return start(null);
    }

    /** A broker keeping its data in {@code stateFolder} (reused across runs); {@code null} means temporary. */
    public static KafkaProcess start(Path stateFolder) {
        return start(stateFolder, System.getProperty("java.class.path"));
    }

    /** As {@link #start(Path)}, with an explicit classpath for the child (it must hold Kafka and the testkit). */
    public static KafkaProcess start(Path stateFolder, String classpath) {
        StateFolder state = StateFolder.of(stateFolder, "plmlab-kafka-");
        ChildProcess child = null;
        try {
            Path propertiesFile = state.path().resolve("server.properties");
            int[] ports = portsFor(propertiesFile);
            Path logDir = state.path().resolve("kafka-logs");
            writeServerProperties(propertiesFile, ports, logDir);
            Path logFile = state.path().resolve("kafka.log");

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                ChildProcess.runToCompletion("Kafka storage format", javaCommand(classpath, "kafka.tools.StorageTool",
                        "format", "-t", Uuid.randomUuid().toString(), "-c", propertiesFile.toString()),
                        state.path(), logFile, FORMAT_TIMEOUT);
            }
            child = ChildProcess.start("Kafka broker",
                    javaCommand(classpath, KafkaBrokerMain.class.getName(), propertiesFile.toString()),
                    state.path(), logFile);
            KafkaProcess kafka = new KafkaProcess(state, child, ports[0], ports[1]);
            kafka.awaitReady();
            return kafka;
        } catch (IOException | RuntimeException e) {
            if (child != null) {
                child.close();
            }
            state.close();
            if (e instanceof InfraStartException startFailure) {
                throw startFailure;
            }
            throw new InfraStartException("cannot start the Kafka broker (state " + state.path() + "): " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers} / {@code kafka.bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public Path stateFolder() {
        return state.path();
    }

    public boolean isRunning() {
        return child.isAlive();
    }

    /** How the broker's process ended, or "still running". */
    public String exitDescription() {
        return child.exitDescription();
    }

    /** The broker's log ({@code kafka.log} in its state folder). */
    public Path logFile() {
        return child.logFile();
    }

    /**
     * Starts the broker again on the same ports and state folder (its topics, records and committed offsets
     * survive), stopping the old process first if it still runs, and waits until it serves: clients
     * reconnect to the same address.
     */
    public KafkaProcess restart() {
        ChildProcess old = child;
        old.close();
        PortWait.untilBindable("Kafka broker", port, controllerPort);
        child = old.relaunch();
        awaitReady();
        return this;
    }

    /** Kills the broker at once (SIGKILL), keeping its ports and state folder for {@link #restart()}: for crash tests. */
    public void kill() {
        child.kill();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after a grace period) and deletes a temporary state folder. */
    @Override
    public void close() {
        child.close();
        state.close();
    }

    /** Ready when the port accepts connections and the broker answers a describe-cluster request. */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!FreePorts.accepts(HOST, port)) {
            failIfDeadOrLate(deadline, "listen on " + bootstrapServers());
            ChildProcess.pause(200);
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InfraStartException("interrupted while waiting for Kafka at " + bootstrapServers(), e);
                } catch (Exception e) {
                    // not serving metadata yet
                }
                failIfDeadOrLate(deadline, "answer a describe-cluster request at " + bootstrapServers());
                ChildProcess.pause(200);
            }
        }
    }

    private void failIfDeadOrLate(long deadline, String what) {
        if (!child.isAlive()) {
            throw new InfraStartException("Kafka broker " + child.exitDescription() + " before it could " + what
                    + child.logTailSection());
        }
        if (System.nanoTime() > deadline) {
            throw new InfraStartException("Kafka broker did not " + what + " within " + START_TIMEOUT.toSeconds() + " s"
                    + child.logTailSection());
        }
    }

    /** The ports of the previous run in this folder when both are still free (stable address), else new ones. */
    private static int[] portsFor(Path propertiesFile) throws IOException {
        if (Files.exists(propertiesFile)) {
            Properties previous = new Properties();
            try (InputStream in = Files.newInputStream(propertiesFile)) {
                previous.load(in);
            }
            try {
                int broker = Integer.parseInt(previous.getProperty(BROKER_PORT, ""));
                int controller = Integer.parseInt(previous.getProperty(CONTROLLER_PORT, ""));
                if (broker != controller && FreePorts.isBindable(broker) && FreePorts.isBindable(controller)) {
                    return new int[] {broker, controller};
                }
            } catch (NumberFormatException e) {
                // written by someone else: pick new ports
            }
        }
        return FreePorts.findTwo();
    }

    private static void writeServerProperties(Path file, int[] ports, Path logDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + HOST + ":" + ports[1]);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + ports[0] + ",CONTROLLER://" + HOST + ":" + ports[1]);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + ports[0]);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        KafkaBrokerDefaults.applySingleNode(p);
        // unknown to Kafka (it ignores them); read back by portsFor on the next run
        p.setProperty(BROKER_PORT, Integer.toString(ports[0]));
        p.setProperty(CONTROLLER_PORT, Integer.toString(ports[1]));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "written by plmlab testkit KafkaProcess; regenerated on every start");
        }
    }

    private static List<String> javaCommand(String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(CHILD_JVM_OPTIONS);
        if (JBOSS_LOG_MANAGER_PRESENT) {
            // JBoss LogManager (from Quarkus) on the classpath complains unless it is the JUL manager
            command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        }
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static boolean isOnClasspath(String className) {
        return KafkaProcess.class.getClassLoader().getResource(className.replace('.', '/') + ".class") != null;
    }
}
