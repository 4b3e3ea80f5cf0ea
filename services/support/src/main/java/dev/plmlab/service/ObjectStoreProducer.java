package dev.plmlab.service;

import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** The object store every service reads from and writes to, from {@link ObjectStoreConfig} ({@code plmlab.s3.*}). */
@ApplicationScoped
public class ObjectStoreProducer {

    @Inject
    ObjectStoreConfig config;

    @Produces
    @ApplicationScoped
    ObjectStore objectStore() {
        ObjectStore store = new ObjectStore(new S3Settings(config.endpoint(), config.accessKey(), config.secretKey(),
                config.bucket(), config.region()));
        store.ensureBucket();
        return store;
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
