package dev.plmlab.cli.forge;

import dev.plmlab.store.S3Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Where the object store is and how to sign in, for commands that write to {@code s3://} locations. Each
 * option falls back to an environment variable; the variables are the better place for the secret, since
 * command lines show up in process lists.
 */
public final class S3Options {

    public static final String ENDPOINT_ENV = "PLMLAB_S3_ENDPOINT";
    public static final String ACCESS_KEY_ENV = "PLMLAB_S3_ACCESS_KEY";
    public static final String SECRET_KEY_ENV = "PLMLAB_S3_SECRET_KEY";
    public static final String REGION_ENV = "PLMLAB_S3_REGION";

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3/MinIO endpoint for s3:// outputs, e.g. http://minio:9000 (default: $" + ENDPOINT_ENV + ")")
    String endpoint;

    @Option(names = "--s3-access-key", paramLabel = "KEY", description = "S3 access key (default: $" + ACCESS_KEY_ENV + ")")
    String accessKey;

    @Option(names = "--s3-secret-key", paramLabel = "SECRET",
            description = "S3 secret key (default: $" + SECRET_KEY_ENV + "; prefer the variable)")
    String secretKey;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "S3 signing region (default: $" + REGION_ENV + ", else " + S3Settings.DEFAULT_REGION + ")")
    String region;

    /**
     * @param env reads an environment variable (System::getenv outside tests)
     * @throws CommandFailure naming every missing setting and how to give it
     */
    public S3Settings settings(String bucket, UnaryOperator<String> env) throws CommandFailure {
        String resolvedEndpoint = orEnv(endpoint, env, ENDPOINT_ENV);
        String resolvedAccessKey = orEnv(accessKey, env, ACCESS_KEY_ENV);
        String resolvedSecretKey = orEnv(secretKey, env, SECRET_KEY_ENV);
        List<String> missing = new ArrayList<>();
        if (resolvedEndpoint == null) {
            missing.add("the endpoint (--s3-endpoint or $" + ENDPOINT_ENV + ")");
        }
        if (resolvedAccessKey == null) {
            missing.add("the access key (--s3-access-key or $" + ACCESS_KEY_ENV + ")");
        }
        if (resolvedSecretKey == null) {
            missing.add("the secret key (--s3-secret-key or $" + SECRET_KEY_ENV + ")");
        }
        if (!missing.isEmpty()) {
            throw new CommandFailure("an s3:// output needs " + String.join(", ", missing));
        }
        return new S3Settings(resolvedEndpoint, resolvedAccessKey, resolvedSecretKey, bucket,
                orEnv(region, env, REGION_ENV));
    }

    /** Whether an endpoint was given at all, by option or variable. */
    public boolean endpointGiven(UnaryOperator<String> env) {
        return orEnv(endpoint, env, ENDPOINT_ENV) != null;
    }

    private static String orEnv(String option, UnaryOperator<String> env, String variable) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String value = env.apply(variable);
        return value == null || value.isBlank() ? null : value;
    }
}
