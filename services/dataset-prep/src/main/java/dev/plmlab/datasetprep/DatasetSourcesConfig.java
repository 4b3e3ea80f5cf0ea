package dev.plmlab.datasetprep;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where dataset-prep finds the known datasets (libs/science {@code DatasetLocator}): the
 * user's folder, else the repository's shared data, else the pinned public download, cached.
 * The folder a spec's own {@code file:} resolves against, {@code plmlab.data.base-dir}, is
 * shared with the embedder: {@code dev.plmlab.service.SpecFilesConfig}.
 */
@ConfigMapping(prefix = "plmlab.data")
public interface DatasetSourcesConfig {

    /** A folder you keep the datasets in, searched first ({@code PLMLAB_DATA_FOLDER}). */
    Optional<Path> folder();

    /**
     * The repository's shared data folder ({@code PLMLAB_DATA_SHARED}); unset, the locator
     * falls back to the {@code plmlab.shared.data} system property or the {@code PLMLAB_DATA} variable.
     */
    Optional<Path> shared();

    /** Where pinned downloads are cached ({@code PLMLAB_DATA_CACHE}). */
    @WithDefault("${user.home}/.cache/plmlab")
    Path cache();

    /** Never download: a dataset found in neither folder fails its job. */
    @WithDefault("false")
    boolean offline();
}
