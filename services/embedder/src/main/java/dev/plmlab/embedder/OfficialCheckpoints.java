package dev.plmlab.embedder;

import dev.plmlab.forge.catalogue.CatalogueEntry;
import dev.plmlab.forge.catalogue.ModelCatalogue;
import dev.plmlab.forge.catalogue.ModelDownloader;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Official checkpoints by catalogue name, fetched once per deployment: from this embedder's local cache,
 * else from the shared model store ({@code models/catalogue/<file>} in the bucket), else from the catalogue's
 * pinned URL (or a configured mirror), after which the file goes into the model store for every other replica.
 *
 * <p>One download at a time per file: inside a process a lock per file; across replicas a lease object
 * ({@code <key>.lease}) that the fetching replica renews while it downloads. A second replica waits for the
 * model to appear instead of downloading it too, and takes over when a lease has expired (its holder died).
 * Two replicas that write a lease in the same instant can both download; the file they store is the same,
 * so that costs bandwidth, never correctness.
 */
final class OfficialCheckpoints {

    private static final Logger LOG = Logger.getLogger(OfficialCheckpoints.class);

    /** A fetch in progress: who holds it and until when, unless renewed. */
    record Lease(String owner, Instant expiresAt) {
    }

    private static final String SHA256_SUFFIX = ".sha256";

    private final ObjectStore store;
    private final ModelCatalogue catalogue;
    private final Optional<URI> mirror;
    private final Path cache;
    private final Duration leaseTtl;
    private final Duration maxWait;
    private final Clock clock;
    private final String owner = "embedder-" + UUID.randomUUID();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param mirror   a base URL serving the catalogue's files under their file names, used instead of their
     *                 pinned URLs (a mirror inside the cluster's network)
     * @param leaseTtl how long a fetch's lease lasts unless renewed
     * @param maxWait  how long to wait for another replica's fetch before failing the job
     */
    OfficialCheckpoints(ObjectStore store, ModelCatalogue catalogue, Optional<URI> mirror, Path cache, Duration leaseTtl,
                        Duration maxWait, Clock clock) {
        this.store = store;
        this.catalogue = catalogue;
        this.mirror = mirror;
        this.cache = cache;
        this.leaseTtl = leaseTtl;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    /** A mirror URL as a base that file names resolve under: with its trailing '/'. */
    static URI asBase(URI mirror) {
        String text = mirror.toString();
        return text.endsWith("/") ? mirror : URI.create(text + "/");
    }

    /** Reads an operator's catalogue file over the bundled catalogue, when one is configured. */
    static ModelCatalogue catalogue(Optional<Path> operatorFile) {
        ModelCatalogue bundled = ModelCatalogue.load();
        if (operatorFile.isEmpty()) {
            return bundled;
        }
        try {
            return bundled.withOverrides(ModelCatalogue.read(operatorFile.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("plmlab.embedder.catalogue.file: " + e.getMessage(), e);
        }
    }

    /**
     * The sha256 of an official checkpoint as the model store knows it, without fetching the file: empty when
     * no embedder has stored it yet.
     */
    Optional<String> storedSha256(String officialName) {
        return catalogue.find(officialName)
                .flatMap(entry -> store.get(ObjectKeys.catalogueCheckpoint(segment(entry)) + SHA256_SUFFIX))
                .map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).strip())
                .filter(hex -> hex.matches("[0-9a-f]{64}"));
    }

    private static String segment(CatalogueEntry entry) {
        return entry.fileName().replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The local file of an official checkpoint, fetching it first where needed. */
    Path local(String officialName) {
        CatalogueEntry entry = catalogue.find(officialName).orElseThrow(() -> new IllegalArgumentException(
                "the official checkpoint " + officialName + " is not in the model catalogue; name a file of your own with"
                        + " 'checkpoint:'"));
        String fileName = entry.fileName();
        Path cached = cache.resolve(fileName);
        synchronized (locks.computeIfAbsent(fileName, k -> new Object())) {
            if (Files.isRegularFile(cached)) {
                return cached;
            }
            try {
                return fetch(entry, cached);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch the official checkpoint " + officialName + ": " + e.getMessage()
                        + "; give this embedder a mirror it can reach (plmlab.embedder.catalogue.mirror), or name a file of"
                        + " your own with 'checkpoint:'", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fetching " + officialName, e);
            }
        }
    }

    private Path fetch(CatalogueEntry entry, Path cached) throws IOException, InterruptedException {
        String segment = segment(entry);
        String key = ObjectKeys.catalogueCheckpoint(segment);
        String leaseKey = ObjectKeys.catalogueCheckpointLease(segment);
        Instant giveUp = clock.instant().plus(maxWait);
        boolean told = false;
        while (true) {
            if (store.exists(key)) {
                Path part = Files.createTempFile(Files.createDirectories(cache), entry.fileName(), ".from-store");
                try {
                    store.download(key, part);
                    Files.move(part, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(part);
                }
                LOG.infof("official checkpoint %s: copied from the model store (%s)", entry.name(), key);
                return cached;
            }
            Optional<Lease> held = readLease(leaseKey);
            if (held.isPresent() && !held.get().owner().equals(owner) && held.get().expiresAt().isAfter(clock.instant())) {
                if (clock.instant().isAfter(giveUp)) {
                    throw new IOException("another embedder (" + held.get().owner() + ") has been fetching it for longer than "
                            + maxWait + "; the job can be retried");
                }
                if (!told) {
                    LOG.infof("official checkpoint %s: %s is fetching it; waiting for it in the model store", entry.name(),
                            held.get().owner());
                    told = true;
                }
                Thread.sleep(1000 + ThreadLocalRandom.current().nextLong(1000));
                continue;
            }
            writeLease(leaseKey);
            // a replica that wrote its lease in the same instant may have won: the last write counts
            Thread.sleep(200 + ThreadLocalRandom.current().nextLong(300));
            if (readLease(leaseKey).map(l -> !l.owner().equals(owner)).orElse(false)) {
                continue;
            }
            try {
                return download(entry, key, leaseKey);
            } finally {
                store.delete(leaseKey);
            }
        }
    }

    private Path download(CatalogueEntry entry, String key, String leaseKey) throws IOException, InterruptedException {
        URI uri = mirror.map(m -> m.resolve(entry.fileName()))
                .or(entry::modelUri)
                .orElseThrow(() -> new IOException("no download location is known for " + entry.name() + " (" + entry.notes()
                        + "); set plmlab.embedder.catalogue.mirror or name the model in plmlab.embedder.catalogue.file"));
        LOG.infof("official checkpoint %s: downloading from %s", entry.name(), uri);
        long[] renewedAt = {System.nanoTime()};
        ModelDownloader.ProgressListener renew = (soFar, total) -> {
            if (System.nanoTime() - renewedAt[0] > leaseTtl.toNanos() / 3) {
                writeLease(leaseKey);
                renewedAt[0] = System.nanoTime();
            }
        };
        Path file = new ModelDownloader(cache).download(uri, entry.fileName(), entry.sha256(), renew);
        store.put(key, file);
        // beside it, so a replica that needs only the model's content id (its features are stored) reads 64 bytes
        store.put(key + SHA256_SUFFIX, dev.plmlab.model.upload.UploadedFile.sha256Of(file).getBytes(java.nio.charset.StandardCharsets.US_ASCII), "text/plain");
        LOG.infof("official checkpoint %s: %d bytes stored as %s for every embedder", entry.name(), Files.size(file), key);
        return file;
    }

    private Optional<Lease> readLease(String leaseKey) {
        return store.get(leaseKey).flatMap(bytes -> {
            try {
                return Optional.of(Messages.mapper().readValue(bytes, Lease.class));
            } catch (IOException e) {
                // a lease that cannot be read protects nothing; it is overwritten
                return Optional.empty();
            }
        });
    }

    private void writeLease(String leaseKey) {
        try {
            store.put(leaseKey, Messages.mapper().writeValueAsBytes(new Lease(owner, clock.instant().plus(leaseTtl))),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
