package dev.plmlab.cli;

import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.cli.forge.S3Options;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.RetryListener;
import dev.plmlab.store.RetryPolicy;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The object store a command reads an experiment from: a deployment's S3 endpoint when one is given
 * (options or {@code PLMLAB_S3_*}), else the local state folder of {@code plmlab run}, served for the
 * command's duration by the same S3 endpoint local runs use. Either way the command reads object keys
 * only, exactly as the services wrote them.
 */
final class StoreAccess {

    /**
     * A person at a terminal should hear within seconds that the store is unreachable, not after the services'
     * 90 s bound (which is sized to ride out an outage in the middle of a job).
     */
    static final RetryPolicy CLIENT_RETRY = new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(2),
            Duration.ofSeconds(10));

    @Option(names = "--state", paramLabel = "DIR", defaultValue = ".plmlab",
            description = "the local state folder of plmlab run, used when no S3 endpoint is given (default: ${DEFAULT-VALUE})")
    Path state;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", defaultValue = LocalStack.BUCKET,
            description = "a deployment's bucket (default: ${DEFAULT-VALUE})")
    String bucket;

    @ArgGroup(exclusive = false, heading = "A deployment's object store (instead of --state):%n")
    S3Options s3 = new S3Options();

    /** An open store and whatever serves it; closing it stops the local endpoint. */
    record Opened(ObjectStore store, AutoCloseable server, String where) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            store.close();
            if (server != null) {
                server.close();
            }
        }
    }

    Opened open(UnaryOperator<String> env) throws CommandFailure {
        boolean deployment = s3.endpointGiven(env);
        if (deployment) {
            S3Settings settings = s3.settings(bucket, env);
            return new Opened(new ObjectStore(settings, CLIENT_RETRY, RetryListener.NONE), null,
                    settings.endpoint() + " bucket " + bucket);
        }
        Path data = state.resolve("s3").resolve("data").resolve(LocalStack.BUCKET);
        if (!Files.isDirectory(data)) {
            throw new CommandFailure("no local runs in " + state.toAbsolutePath() + " (nothing at " + data + "); give --state, "
                    + "or --s3-endpoint for a deployment");
        }
        S3ProxyProcess proxy = S3ProxyProcess.start(state.resolve("s3"));
        try {
            ObjectStore store = new ObjectStore(new S3Settings(proxy.endpoint(), proxy.accessKey(), proxy.secretKey(),
                    LocalStack.BUCKET, proxy.region()), CLIENT_RETRY, RetryListener.NONE);
            return new Opened(store, proxy, "local state " + state);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }
}
