package dev.plmlab.science.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a pinned public data file on disk, downloading it only when no local copy exists.
 *
 * <p>{@link #resolve(PinnedFile)} looks, in this order, at
 * <ol>
 *   <li>the user-configured folder ({@link Builder#userFolder}),</li>
 *   <li>the shared data folder: the one given to {@link Builder#sharedData} (the repo's
 *       {@code ../shared/data}), else system property {@value #SHARED_DATA_PROPERTY}, else
 *       environment variable {@value #SHARED_DATA_ENV},</li>
 *   <li>the cache folder, where earlier downloads are kept,</li>
 *   <li>a download of the file's pinned URL into the cache folder (unless offline).</li>
 * </ol>
 * In folders the file sits at its {@link PinnedFile#relativePath()}. Whatever the source, the
 * file's content is checked: against its pinned sha256 or md5, or, for a file with no published
 * checksum, against the sha256 the {@link DataLockFile} recorded when the file was first seen (and
 * recorded there then). A local copy that differs is an error (we do not touch user files); a
 * download that differs is deleted and reported; a cached copy that differs from its published
 * checksum is replaced, one that differs from the lock file is reported.
 *
 * <p>Downloads must use https; plain http is accepted only for loopback hosts, so that tests
 * can serve files from a local server without weakening what users get.
 */
public final class DatasetLocator {
    public static final String SHARED_DATA_PROPERTY = "plmlab.shared.data";
    public static final String SHARED_DATA_ENV = "PLMLAB_DATA";

    private final Path userFolder;
    private final Path sharedData;
    private final Path cacheFolder;
    private final boolean offline;
    private final HttpClient http;
    private final DataLockFile lockFile;

    private DatasetLocator(Builder builder) {
        this.userFolder = builder.userFolder;
        this.sharedData = builder.sharedData != null ? builder.sharedData : sharedDataFromEnvironment().orElse(null);
        this.cacheFolder = builder.cacheFolder != null ? builder.cacheFolder
                : Path.of(System.getProperty("user.home"), ".cache", "plmlab");
        this.offline = builder.offline;
        this.lockFile = new DataLockFile(builder.lockFile != null ? builder.lockFile
                : this.cacheFolder.resolve(DataLockFile.DEFAULT_NAME));
        this.http = builder.http != null ? builder.http
                : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(30)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The shared data folder named by system property, else environment, if any. */
    public static Optional<Path> sharedDataFromEnvironment() {
        String property = System.getProperty(SHARED_DATA_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property));
        }
        String env = System.getenv(SHARED_DATA_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        return Optional.empty();
    }

    /** Local path of a pinned file, from the first source that has it (see class doc). */
    public Path resolve(PinnedFile file) {
        List<String> looked = new ArrayList<>();
        for (Path folder : new Path[] {userFolder, sharedData}) {
            if (folder == null) {
                continue;
            }
            Path candidate = folder.resolve(file.relativePath());
            looked.add(candidate.toString());
            if (Files.isRegularFile(candidate)) {
                String problem = checkContent(candidate, file);
                if (problem != null) {
                    throw new DatasetException(candidate + " " + problem + " (a different version of the file?); it was left in place");
                }
                return candidate;
            }
        }
        Path cached = cacheFolder.resolve(file.relativePath());
        looked.add(cached.toString());
        if (Files.isRegularFile(cached)) {
            String problem = checkContent(cached, file);
            if (problem == null) {
                return cached;
            }
            if (file.isLocked()) {
                // the lock file is the user's record: a cached copy that disagrees is reported, not replaced
                throw new DatasetException("the cached copy " + cached + " of " + file.url() + " " + problem
                        + "; delete the cached copy to download it again");
            }
            delete(cached); // a corrupt cache entry is ours to replace
        }
        if (offline) {
            throw new DatasetException(file.relativePath() + " not found (offline; looked at " + looked + ")");
        }
        return download(file, cached);
    }

    /** The lock file that keeps the sha256 of downloads without a published checksum. */
    public DataLockFile lockFile() {
        return lockFile;
    }

    /**
     * Null when the file's content is what {@code pin} expects, else what is wrong. A file checked
     * by the lock file and not yet in it is recorded there now.
     */
    private String checkContent(Path file, PinnedFile pin) {
        FileDigests digests = digests(file);
        if (pin.sha256() != null && !digests.sha256().equals(pin.sha256())) {
            return "has sha256 " + digests.sha256() + " but " + pin.sha256() + " was expected";
        }
        if (pin.md5() != null && !digests.md5().equals(pin.md5())) {
            return "has md5 " + digests.md5() + " but " + pin.md5() + " (the published md5) was expected";
        }
        if (pin.isLocked()) {
            Optional<String> recorded = lockFile.sha256(pin.url());
            if (recorded.isPresent() && !recorded.get().equals(digests.sha256())) {
                return lockFile.mismatch(pin.url(), recorded.get(), digests.sha256());
            }
            if (recorded.isEmpty()) {
                lockFile.record(pin.url(), digests.sha256());
            }
        }
        return null;
    }

    /** A file the user names directly; its sha256 is checked when one is given (may be null). */
    public Path resolveLocal(Path file, String expectedSha256) {
        DataFiles.checkReadable(file);
        return expectedSha256 == null ? file : verifiedLocal(file, normalisedSha(expectedSha256));
    }

    /**
     * A file the user names by https URL and sha256; downloaded once into
     * {@code <cache>/by-sha256/<sha256>/<file name>} and reused from there.
     */
    public Path resolveUrl(URI url, String expectedSha256) {
        String sha = normalisedSha(expectedSha256);
        String path = url.getPath();
        String name = path == null || path.isEmpty() || path.endsWith("/") ? "download"
                : path.substring(path.lastIndexOf('/') + 1);
        Path cached = cacheFolder.resolve("by-sha256").resolve(sha).resolve(name);
        if (Files.isRegularFile(cached)) {
            if (sha256(cached).equals(sha)) {
                return cached;
            }
            delete(cached);
        }
        if (offline) {
            throw new DatasetException(url + " is not cached at " + cached + " and the locator is offline");
        }
        return download(url, sha, cached);
    }

    private Path download(PinnedFile pin, Path target) {
        return download(pin.url(), target, partial -> {
            String problem = checkContent(partial, pin);
            return problem == null ? null : "download of " + pin.url() + " " + problem;
        });
    }

    private Path download(URI url, String expectedSha256, Path target) {
        return download(url, target, partial -> {
            String actual = sha256(partial);
            return actual.equals(expectedSha256) ? null
                    : "download of " + url + " has sha256 " + actual + " but " + expectedSha256 + " was expected";
        });
    }

    /** Downloads into a temporary file beside {@code target}; {@code check} returns null or the problem. */
    private Path download(URI url, Path target, java.util.function.Function<Path, String> check) {
        requireSecure(url);
        Path partial = null;
        try {
            Files.createDirectories(target.getParent());
            partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                throw new DatasetException("download of " + url + " failed: HTTP " + response.statusCode());
            }
            String problem = check.apply(partial);
            if (problem != null) {
                throw new DatasetException(problem + "; the downloaded file was deleted");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return target;
        } catch (IOException e) {
            throw new DatasetException("download of " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("download of " + url + " was interrupted", e);
        } finally {
            if (partial != null) {
                delete(partial);
            }
        }
    }

    private static void requireSecure(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(url.getHost())) {
            return;
        }
        throw new DatasetException("refusing to download " + url + ": only https URLs are allowed");
    }

    /** Decided on the name alone: a DNS lookup here would itself touch the network. */
    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]") || h.equals("::1");
    }

    private static Path verifiedLocal(Path file, String expectedSha256) {
        String actual = sha256(file);
        if (!actual.equals(expectedSha256)) {
            throw new DatasetException(file + " has sha256 " + actual + " but " + expectedSha256
                    + " was expected (a different version of the file?); it was left in place");
        }
        return file;
    }

    private static FileDigests digests(Path file) {
        try {
            return FileDigests.of(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String normalisedSha(String sha) {
        if (sha == null || !sha.matches("(?i)[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha);
        }
        return sha.toLowerCase(Locale.ROOT);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DatasetException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** Configures where a {@link DatasetLocator} looks. */
    public static final class Builder {
        private Path userFolder;
        private Path sharedData;
        private Path cacheFolder;
        private boolean offline;
        private HttpClient http;
        private Path lockFile;

        private Builder() {
        }

        /** A folder the user configured; searched first. */
        public Builder userFolder(Path folder) {
            this.userFolder = folder;
            return this;
        }

        /** The shared data folder (the repo's {@code ../shared/data}); overrides property and env. */
        public Builder sharedData(Path folder) {
            this.sharedData = folder;
            return this;
        }

        /** Where downloads are kept; default {@code ~/.cache/plmlab}. */
        public Builder cacheFolder(Path folder) {
            this.cacheFolder = folder;
            return this;
        }

        /** Never download; fail when no local copy exists. */
        public Builder offline() {
            this.offline = true;
            return this;
        }

        /**
         * Where the sha256 of downloads without a published checksum is kept (see
         * {@link DataLockFile}); default {@code <cache>/plmlab-data.lock}.
         */
        public Builder lockFile(Path file) {
            this.lockFile = file;
            return this;
        }

        public Builder httpClient(HttpClient client) {
            this.http = client;
            return this;
        }

        public DatasetLocator build() {
            return new DatasetLocator(this);
        }
    }
}
