package dev.plmlab.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and S3 endpoint:
 * {@code @QuarkusTestResource(PlmlabInfraResource.class)} (or {@code @WithTestResource}). The
 * infrastructure is shared by every test class in the run, including across Quarkus restarts for
 * test profiles, so {@link #stop()} leaves it running; it stops when the test JVM exits.
 */
public class PlmlabInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return PlmlabInfra.shared().config();
    }

    @Override
    public void stop() {
        // shared with later test classes; PlmlabInfra stops it at JVM exit
    }
}
