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
