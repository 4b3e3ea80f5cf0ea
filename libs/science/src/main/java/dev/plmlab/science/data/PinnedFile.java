package dev.plmlab.science.data;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A public data file pinned to one exact version: where it sits inside a data folder
 * ({@code relativePath}, e.g. {@code flip/gb1/splits.zip}), where to download it (a URL that
 * names a commit, so its content cannot drift) and how its content is checked.
 *
 * <p>A file carries the checksum its publisher gives: a sha256, an md5 (FLIP's zips as PEER
 * lists them), or neither. With neither, the locator records the file's sha256 at first sight in
 * the lock file ({@link DataLockFile}) and enforces it from then on.
 *
 * @param sha256 64 hex digits, or null
 * @param md5    32 hex digits, or null
 */
public record PinnedFile(String relativePath, URI url, String sha256, String md5) {
    public PinnedFile {
        if (relativePath.isBlank() || relativePath.startsWith("/") || relativePath.contains("..")) {
            throw new IllegalArgumentException("relative path must be a plain relative path: " + relativePath);
        }
        if (sha256 != null && !sha256.matches("(?i)[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        if (md5 != null && !md5.matches("(?i)[0-9a-f]{32}")) {
            throw new IllegalArgumentException("md5 must be 32 hex digits: " + md5);
        }
        sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        md5 = md5 == null ? null : md5.toLowerCase(Locale.ROOT);
    }

    /** A file pinned by sha256. */
    public PinnedFile(String relativePath, URI url, String sha256) {
        this(relativePath, url, requireNonNull(sha256, "sha256"), null);
    }

    /** A file pinned by the md5 its publisher lists. */
    public static PinnedFile withMd5(String relativePath, URI url, String md5) {
        return new PinnedFile(relativePath, url, null, requireNonNull(md5, "md5"));
    }

    /** A file with no published checksum: its sha256 is kept in the lock file. */
    public static PinnedFile locked(String relativePath, URI url) {
        return new PinnedFile(relativePath, url, null, null);
    }

    /** Whether the content is checked against the lock file rather than a published checksum. */
    public boolean isLocked() {
        return sha256 == null && md5 == null;
    }

    /** The same file pinned by md5 instead (tests pin fixture archives this way). */
    public PinnedFile withMd5(String newMd5) {
        return new PinnedFile(relativePath, url, null, requireNonNull(newMd5, "md5"));
    }

    /** The same file, checked by the lock file instead of a published checksum. */
    public PinnedFile unpinned() {
        return new PinnedFile(relativePath, url, null, null);
    }

    /**
     * The same file served from another host: scheme, host and port come from {@code base},
     * the path stays. Lets tests serve the pinned files from a loopback server.
     */
    public PinnedFile rebasedOnto(URI base) {
        try {
            URI moved = new URI(base.getScheme(), base.getUserInfo(), base.getHost(), base.getPort(),
                    url.getPath(), url.getQuery(), null);
            return new PinnedFile(relativePath, moved, sha256, md5);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot move " + url + " onto " + base, e);
        }
    }

    /** How the content is checked, for messages: "md5 …", "sha256 …" or "the lock file". */
    public String checkDescription() {
        if (sha256 != null) {
            return "sha256 " + sha256;
        }
        return md5 != null ? "md5 " + md5 : "the sha256 recorded in the lock file";
    }

    private static String requireNonNull(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must be given");
        }
        return value;
    }
}
