package dev.plmlab.model.upload;

import dev.plmlab.model.ObjectKeys;

/**
 * A file of the submitting client, uploaded to the object store by its content, as a spec names it after
 * the client rewrote it: {@code store:uploads/<sha256>/<file name>} in place of a path. Services read only
 * such references (and the store), never a path on their own host.
 *
 * @param sha256   hex sha256 of the file's bytes
 * @param fileName the file's name on the client (its suffix tells formats apart)
 */
public record UploadedFile(String sha256, String fileName) {

    /** What a spec value starts with when it names an uploaded file rather than a path. */
    public static final String SCHEME = "store:";

    public UploadedFile {
        // validates both parts, so a reference that cannot be a key is refused here, where it is read
        ObjectKeys.upload(sha256, fileName);
    }

    /** Whether a spec value ({@code file:}, {@code checkpoint:} ...) names an uploaded file. */
    public static boolean isReference(String specValue) {
        return specValue != null && specValue.startsWith(SCHEME);
    }

    /**
     * Reads a spec value.
     *
     * @throws IllegalArgumentException naming the value when it is not {@code store:uploads/<sha256>/<name>}
     */
    public static UploadedFile parse(String specValue) {
        if (!isReference(specValue)) {
            throw new IllegalArgumentException("'" + specValue + "' is not an uploaded file (" + SCHEME + ObjectKeys.UPLOADS
                    + "<sha256>/<file name>)");
        }
        String key = specValue.substring(SCHEME.length());
        String[] parts = key.split("/", -1);
        if (parts.length != 3 || !(parts[0] + "/").equals(ObjectKeys.UPLOADS)) {
            throw new IllegalArgumentException("'" + specValue + "' is not an uploaded file: expected " + SCHEME
                    + ObjectKeys.UPLOADS + "<sha256>/<file name>");
        }
        try {
            return new UploadedFile(parts[1], parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + specValue + "' is not an uploaded file: " + e.getMessage(), e);
        }
    }

    /** The hex sha256 of a file's bytes, read as a stream: what an upload is named by. */
    public static String sha256Of(java.nio.file.Path file) throws java.io.IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (java.io.InputStream in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    public String key() {
        return ObjectKeys.upload(sha256, fileName);
    }

    /** The spec value that names this file. */
    public String reference() {
        return SCHEME + key();
    }

    /**
     * What an error says when a service is handed a path: services do not read their own disks for a spec.
     *
     * @param what e.g. "task gb1: dataset file"
     */
    public static String notUploadedMessage(String what, String path) {
        return what + " '" + path + "' is a path on the submitting machine, and services read only the object store:"
                + " submit with `plmlab submit` or `plmlab run`, which upload it and name it " + SCHEME + ObjectKeys.UPLOADS
                + "<sha256>/<file name>";
    }
}
