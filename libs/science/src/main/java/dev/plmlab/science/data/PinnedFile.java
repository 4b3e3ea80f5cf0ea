package dev.plmlab.science.data;

import java.net.URI;
import java.util.Locale;

/**
 * A public data file pinned to one exact version: where it sits inside a data folder
 * ({@code relativePath}, e.g. {@code flip/gb1/splits.zip}), where to download it (a URL that
 * names a commit, so its content cannot drift) and its sha256.
 */
public record PinnedFile(String relativePath, URI url, String sha256) {
    public PinnedFile {
        if (relativePath.isBlank() || relativePath.startsWith("/") || relativePath.contains("..")) {
            throw new IllegalArgumentException("relative path must be a plain relative path: " + relativePath);
        }
        if (!sha256.matches("(?i)[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }
}
