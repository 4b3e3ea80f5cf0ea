package dev.plmlab.cli.forge;

/**
 * A place in an S3 bucket, written {@code s3://bucket/prefix} (the prefix may be empty or hold several
 * levels). Keys under it are joined with '/'.
 */
public record S3Location(String bucket, String prefix) {

    public static final String SCHEME = "s3://";

    public static boolean isS3(String text) {
        return text.startsWith(SCHEME);
    }

    /** @throws CommandFailure if {@code text} is not {@code s3://bucket[/prefix]} */
    public static S3Location parse(String text) throws CommandFailure {
        if (!isS3(text)) {
            throw new CommandFailure("not an s3:// location: " + text);
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        if (bucket.isEmpty()) {
            throw new CommandFailure("no bucket in " + text + "; write s3://BUCKET/PREFIX");
        }
        return new S3Location(bucket, prefix);
    }

    /** The key of {@code path} (relative, '/'-separated) under this location. */
    public String key(String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
