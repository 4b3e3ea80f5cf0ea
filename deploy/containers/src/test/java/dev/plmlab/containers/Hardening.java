package dev.plmlab.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/** What the chart's securityContext asks of every container, checked on the running ones. */
final class Hardening {

    private Hardening() {
    }

    /** Its main process runs as uid 185, its root file system is read-only (writing there fails), /tmp and HOME are not. */
    static void assertNonRootAndReadOnly(Map<String, GenericContainer<?>> containers) {
        containers.forEach((name, container) -> {
            InspectContainerResponse inspected = container.getContainerInfo();
            assertEquals("185", inspected.getConfig().getUser(), name + ": the image's user");
            assertEquals(Boolean.TRUE, inspected.getHostConfig().getReadonlyRootfs(), name + ": read-only root file system");
            ExecResult uid = exec(container, "awk '/^Uid:/ {print $2 \" \" $3}' /proc/1/status");
            assertEquals("185 185", uid.getStdout().trim(), name + ": real and effective uid of its main process");
            ExecResult write = exec(container, "touch /deployments/probe /probe 2>&1; echo exit=$?");
            assertTrue(write.getStdout().contains("Read-only file system") && !write.getStdout().contains("exit=0"),
                    name + ": writing to the root file system must fail: " + write.getStdout());
            for (String writable : new String[] {"/tmp", PlmlabStack.HOME}) {
                ExecResult probe = exec(container, "touch " + writable + "/probe && rm " + writable + "/probe && echo writable");
                assertEquals("writable", probe.getStdout().trim(), name + ": " + writable + " is writable: " + probe.getStderr());
            }
        });
    }

    /**
     * Each service's JVM got the image's flags: the heap share of the container's memory, and the service's own
     * flags (the chart's services.NAME.javaOpts).
     */
    static void assertServiceJvmFlags(Map<String, GenericContainer<?>> services) {
        Map<String, String> own = Map.of("probe-trainer", "--add-modules jdk.incubator.vector", "embedder", "-Xss64m");
        services.forEach((name, container) -> {
            String commandLine = exec(container, "tr '\\0' ' ' < /proc/1/cmdline").getStdout();
            assertTrue(commandLine.startsWith("java ") && commandLine.contains("-XX:MaxRAMPercentage=75.0 ")
                    && commandLine.contains(own.getOrDefault(name, "-jar /deployments/quarkus-run.jar")),
                    name + ": its JVM's command line " + commandLine);
        });
    }

    private static ExecResult exec(GenericContainer<?> container, String script) {
        try {
            return container.execInContainer("sh", "-c", script);
        } catch (IOException e) {
            throw new IllegalStateException("cannot exec in " + container.getDockerImageName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
