package dev.plmlab.embedder;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the embedder gets official checkpoints that are neither in its cache nor in the shared model store
 * ({@link OfficialCheckpoints}). Environment forms: {@code PLMLAB_EMBEDDER_CATALOGUE_MIRROR}, ...
 */
@ConfigMapping(prefix = "plmlab.embedder.catalogue")
public interface CatalogueConfig {

    /**
     * A base URL serving the catalogue's files under their file names ({@code <mirror>/esm2_t6_8M_UR50D.pt}),
     * used instead of their pinned URLs: a mirror inside a cluster without internet access.
     */
    Optional<URI> mirror();

    /**
     * An operator's catalogue in the bundled models.json format: its entries replace the bundled ones of the
     * same name (other URLs, published sha256s) or add models.
     */
    Optional<Path> file();

    /** How long a fetch's lease in the model store lasts unless the fetching embedder renews it. */
    @WithDefault("PT2M")
    Duration leaseTtl();

    /** How long an embedder waits for another one's fetch of the same checkpoint before failing its job. */
    @WithDefault("PT2H")
    Duration maxWait();
}
