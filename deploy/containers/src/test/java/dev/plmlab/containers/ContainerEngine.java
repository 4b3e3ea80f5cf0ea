package dev.plmlab.containers;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The container engine the tests run on: the one {@code DOCKER_HOST} names, else podman's API socket
 * ({@code /run/podman/podman.sock}, what deploy/images/setup-podman.sh serves), else Docker's
 * ({@code /var/run/docker.sock}). Where none answers, the tests are skipped, loudly: a line on stderr
 * and the assumption's message say what is missing; with {@code -Dplmlab.containers.required=true}
 * (CI) they fail instead.
 */
final class ContainerEngine {

    static final Path PODMAN_SOCKET = Path.of("/run/podman/podman.sock");
    static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    static final String REQUIRED_PROPERTY = "plmlab.containers.required";

    /** {@code podman} or {@code docker}: which CLI builds images where this engine sees them. */
    final String cli;
    /** unix:///... or tcp://... */
    final String host;

    private ContainerEngine(String cli, String host) {
        this.cli = cli;
        this.host = host;
    }

    private static volatile ContainerEngine found;

    /** The engine, or the test is aborted (skipped) with what is missing; failed instead when required. */
    static ContainerEngine require() {
        if (found != null) {
            return found;
        }
        Optional<ContainerEngine> engine = detect();
        if (engine.isEmpty()) {
            String dockerHost = System.getenv("DOCKER_HOST");
            String missing = (dockerHost == null || dockerHost.isBlank()
                    ? "no container engine reachable: DOCKER_HOST is unset, and neither " + PODMAN_SOCKET + " nor " + DOCKER_SOCKET
                            + " answers the Docker API"
                    : "no container engine reachable: DOCKER_HOST=" + dockerHost + " does not answer the Docker API")
                    + " (run deploy/images/setup-podman.sh as root to install podman and serve " + PODMAN_SOCKET + ")";
            if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
                throw new IllegalStateException(missing + "; -D" + REQUIRED_PROPERTY + "=true makes this a failure");
            }
            System.err.println("SKIPPED container tests: " + missing);
            Assumptions.abort(missing);
        }
        found = engine.get();
        return found;
    }

    /** The unix socket podman serves, when DOCKER_HOST is unset and it answers: for {@link PodmanSocketStrategy}. */
    static Optional<Path> podmanSocketWithoutDockerHost() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if ((dockerHost == null || dockerHost.isBlank()) && answers(PODMAN_SOCKET)) {
            return Optional.of(PODMAN_SOCKET);
        }
        return Optional.empty();
    }

    private static Optional<ContainerEngine> detect() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            if (dockerHost.startsWith("unix://")) {
                Path socket = Path.of(dockerHost.substring("unix://".length()));
                if (!answers(socket)) {
                    return Optional.empty();
                }
                return Optional.of(new ContainerEngine(socket.toString().contains("podman") ? "podman" : "docker", dockerHost));
            }
            // tcp:// and the like: images are built with the docker CLI, which reads the same DOCKER_HOST
            return Optional.of(new ContainerEngine("docker", dockerHost));
        }
        if (answers(PODMAN_SOCKET)) {
            return Optional.of(new ContainerEngine("podman", "unix://" + PODMAN_SOCKET));
        }
        if (answers(DOCKER_SOCKET)) {
            return Optional.of(new ContainerEngine("docker", "unix://" + DOCKER_SOCKET));
        }
        return Optional.empty();
    }

    /** Whether a Docker API answers its ping on this unix socket. */
    static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(64);
            channel.read(reply);
            String status = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.") && status.contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return cli + " at " + host;
    }
}
