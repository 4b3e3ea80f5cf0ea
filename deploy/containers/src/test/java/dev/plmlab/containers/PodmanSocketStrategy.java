package dev.plmlab.containers;

import java.net.URI;
import java.nio.file.Path;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.InvalidConfigurationException;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Lets Testcontainers find podman's Docker API socket ({@code /run/podman/podman.sock}) when
 * {@code DOCKER_HOST} is unset: its own strategies look only for Docker's sockets. Registered in
 * META-INF/services; a set {@code DOCKER_HOST} wins (Testcontainers' environment strategy ranks higher).
 */
public final class PodmanSocketStrategy extends DockerClientProviderStrategy {

    @Override
    public String getDescription() {
        return "podman's Docker API socket " + ContainerEngine.PODMAN_SOCKET;
    }

    @Override
    protected boolean isApplicable() {
        return ContainerEngine.podmanSocketWithoutDockerHost().isPresent();
    }

    @Override
    public TransportConfig getTransportConfig() throws InvalidConfigurationException {
        Path socket = ContainerEngine.podmanSocketWithoutDockerHost()
                .orElseThrow(() -> new InvalidConfigurationException("podman's socket " + ContainerEngine.PODMAN_SOCKET
                        + " does not answer"));
        return TransportConfig.builder().dockerHost(URI.create("unix://" + socket)).build();
    }

    /** Below the environment strategy (DOCKER_HOST), above Docker's default socket. */
    @Override
    protected int getPriority() {
        return 90;
    }

    /** Nothing written to ~/.testcontainers.properties: the choice is made again each run. */
    @Override
    protected boolean isPersistable() {
        return false;
    }
}
