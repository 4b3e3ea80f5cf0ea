package dev.plmlab.service;

import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.RetryListener;
import dev.plmlab.store.RetryPolicy;
import dev.plmlab.store.S3Settings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The object store every service reads from and writes to, from {@link ObjectStoreConfig} ({@code plmlab.s3.*}),
 * retrying transient failures under {@code plmlab.s3.retry.*}; its retries are counted in
 * {@code plmlab_s3_retries_total}.
 */
@ApplicationScoped
public class ObjectStoreProducer {

    @Inject
    ObjectStoreConfig config;

    @Inject
    MeterRegistry registry;

    @Produces
    @ApplicationScoped
    ObjectStore objectStore() {
        ObjectStoreConfig.Retry retry = config.retry();
        RetryPolicy policy = new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff(),
                retry.maxElapsed());
        ObjectStore store = new ObjectStore(new S3Settings(config.endpoint(), config.accessKey(), config.secretKey(),
                config.bucket(), config.region()), policy, RetryListener.NONE);
        FunctionCounter.builder("plmlab.s3.retries", store, ObjectStore::retries)
                .description("object-store calls retried after a transient failure (refused, reset, timeout, 5xx)")
                .register(registry);
        store.ensureBucket();
        return store;
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
