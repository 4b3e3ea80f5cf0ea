package dev.plmlab.service;

import dev.plmlab.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers: without it no job can read or write. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements HealthCheck {

    @Inject
    ObjectStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            store.exists("health/probe");
            return HealthCheckResponse.named("object-store").up().withData("bucket", store.bucket()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("object-store").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
