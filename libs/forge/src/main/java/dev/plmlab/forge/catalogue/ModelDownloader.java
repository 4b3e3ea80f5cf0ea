package dev.plmlab.forge.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads model files into a cache folder. Bytes go to {@code <file>.part} first; an interrupted download
 * is resumed from there with an HTTP Range request, and only a complete file (checked against its SHA-256
 * when one is known) is moved to its final name, atomically, so a file under its final name is always whole.
 * A file already in the cache is not fetched again.
 *
 * <p>Not safe for two processes downloading the same file into the same cache at once.
 */
public final class ModelDownloader {

    /** Told about progress after every chunk written. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @param bytesSoFar bytes of the file on disk, resumed part included
         * @param totalBytes the full size if the server said, else -1
         */
        void onProgress(long bytesSoFar, long totalBytes);

        ProgressListener NONE = (soFar, total) -> { };
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int CHUNK = 1 << 16;

    private final Path cacheDir;
    private final HttpClient client;
    private final Duration requestTimeout;

    /** A downloader with its own HTTP client (follows redirects, as zenodo needs). */
    public ModelDownloader(Path cacheDir) {
        this(cacheDir, HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build(), Duration.ofMinutes(5));
    }

    /** @param requestTimeout how long to wait for response headers (not for the whole body) */
    public ModelDownloader(Path cacheDir, HttpClient client, Duration requestTimeout) {
        this.cacheDir = cacheDir;
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Fetches a catalogue model (and, for ESM, its contact regression next to it, as fair-esm expects).
     *
     * @return the model file in the cache
     * @throws DownloadException if the catalogue knows no location for it, or the download fails
     */
    public Path download(CatalogueEntry model, ProgressListener progress) throws IOException, InterruptedException {
        URI uri = model.modelUri().orElseThrow(() -> new IllegalArgumentException(
                "no public download location is known for " + model.name() + ": " + model.notes()));
        Path file = download(uri, model.fileName(), model.sha256(), progress);
        Optional<URI> regression = model.contactRegressionUri();
        if (regression.isPresent()) {
            download(regression.get(), model.name() + "-contact-regression.pt", null, ProgressListener.NONE);
        }
        return file;
    }

    /**
     * Fetches {@code uri} to {@code cacheDir/fileName}.
     *
     * @param expectedSha256 hex SHA-256 the file must have, or null when none is published
     * @throws DownloadException on an HTTP error, a short body (the part file is kept for resuming) or a
     *                           checksum mismatch (the part file is deleted, since resuming it cannot help)
     */
    public Path download(URI uri, String fileName, String expectedSha256, ProgressListener progress)
            throws IOException, InterruptedException {
        if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + fileName);
        }
        Files.createDirectories(cacheDir);
        Path target = cacheDir.resolve(fileName);
        if (Files.isRegularFile(target)) {
            if (expectedSha256 == null || sha256(target).equalsIgnoreCase(expectedSha256)) {
                return target;
            }
            // a cached file that does not match what is published is re-fetched, not trusted
            Files.delete(target);
        }
        Path part = cacheDir.resolve(fileName + ".part");
        fetchInto(uri, part, progress);
        if (expectedSha256 != null) {
            String actual = sha256(part);
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                Files.deleteIfExists(part);
                throw new DownloadException(uri, "sha256 mismatch: expected " + expectedSha256.toLowerCase(Locale.ROOT)
                        + ", got " + actual + "; the downloaded file was deleted");
            }
        }
        moveIntoPlace(part, target);
        return target;
    }

    private void fetchInto(URI uri, Path part, ProgressListener progress) throws IOException, InterruptedException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // a refused connection has no message, only its type
            throw new DownloadException(uri, "request failed (" + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()) + ")", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            long start;
            long total;
            if (status == 206 && have > 0) {
                ContentRange range = contentRange(uri, response);
                if (range.start() != have) {
                    throw new DownloadException(uri, "server resumed at byte " + range.start() + ", expected " + have);
                }
                start = have;
                total = range.total();
            } else if (status == 200) {
                // full body: either a fresh download or a server that ignores Range
                start = 0;
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } else if (status == 416 && have > 0) {
                // nothing after our bytes: the part file is complete if the server's size agrees
                long size = response.headers().firstValue("Content-Range").map(ModelDownloader::unsatisfiedSize).orElse(-1L);
                if (size == have) {
                    progress.onProgress(have, have);
                    return;
                }
                Files.delete(part);
                throw new DownloadException(uri, "partial file of " + have + " bytes does not fit the server's size "
                        + size + "; it was deleted, retry to download from the start");
            } else {
                throw new DownloadException(uri, "HTTP " + status + (have > 0 ? " (resuming at byte " + have + ")" : ""));
            }
            long written = copy(body, part, start, total, progress);
            if (total >= 0 && written != total) {
                throw new DownloadException(uri, "connection ended after " + written + " of " + total
                        + " bytes; the part file was kept, retry to resume");
            }
        } catch (IOException e) {
            if (e instanceof DownloadException) {
                throw e;
            }
            throw new DownloadException(uri, "download interrupted (" + e.getMessage()
                    + "); the part file was kept, retry to resume", e);
        }
    }

    /** Writes the body at {@code start} (truncating anything after it) and returns the file size. */
    private static long copy(InputStream body, Path part, long start, long total, ProgressListener progress)
            throws IOException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(start);
            out.position(start);
            byte[] buffer = new byte[CHUNK];
            long position = start;
            int n;
            while ((n = body.read(buffer)) >= 0) {
                out.write(ByteBuffer.wrap(buffer, 0, n));
                position += n;
                progress.onProgress(position, total);
            }
            out.force(true);
            return position;
        }
    }

    private record ContentRange(long start, long total) {
    }

    private static ContentRange contentRange(URI uri, HttpResponse<?> response) throws DownloadException {
        String header = response.headers().firstValue("Content-Range")
                .orElseThrow(() -> new DownloadException(uri, "206 response without Content-Range"));
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) {
            throw new DownloadException(uri, "unreadable Content-Range '" + header + "'");
        }
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return new ContentRange(Long.parseLong(m.group(1)), total);
    }

    /** The size in a 416 response's {@code Content-Range: bytes *}{@code /size}, or -1. */
    private static long unsatisfiedSize(String header) {
        Matcher m = Pattern.compile("bytes \\*/(\\d+)").matcher(header.trim());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
