package dev.plmlab.service;

import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The object store every service reads from and writes to, from {@code plmlab.s3.*}. */
@ApplicationScoped
public class ObjectStoreProducer {

    @ConfigProperty(name = "plmlab.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "plmlab.s3.access-key")
    String accessKey;

    @ConfigProperty(name = "plmlab.s3.secret-key")
    String secretKey;

    @ConfigProperty(name = "plmlab.s3.bucket", defaultValue = "plmlab")
    String bucket;

    @ConfigProperty(name = "plmlab.s3.region", defaultValue = "us-east-1")
    String region;

    @Produces
    @ApplicationScoped
    ObjectStore objectStore() {
        ObjectStore store = new ObjectStore(new S3Settings(endpoint, accessKey, secretKey, bucket, region));
        store.ensureBucket();
        return store;
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
