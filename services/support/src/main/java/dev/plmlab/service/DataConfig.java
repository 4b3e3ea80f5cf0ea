package dev.plmlab.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where data and the local files a spec names are found. One mapping for all of
 * {@code plmlab.data.*}: dataset-prep reads every key, the embedder {@link #baseDir()}, and
 * local mode gives every key to every service, so a service that injects this must know them
 * all (Quarkus refuses to start on an unknown key under a mapped prefix).
 */
@ConfigMapping(prefix = "plmlab.data")
public interface DataConfig {

    /**
     * The folder relative paths in a spec resolve against: a task's {@code file:}
     * (dataset-prep), a model's {@code checkpoint:} (embedder). Local mode sets it to the
     * spec's folder ({@code PLMLAB_DATA_BASE_DIR}).
     */
    @WithDefault(".")
    Path baseDir();

    /**
     * Whether a spec may name a path on this host ({@code file:}, {@code checkpoint:}) at all, resolved against
     * {@link #baseDir()}. Off by default: a submitted spec must not make a service read its own disk, so
     * clients upload their files and name them {@code store:uploads/<sha256>/<name>}. On only in the services'
     * own tests ({@code PLMLAB_DATA_LOCAL_PATHS}).
     */
    @WithDefault("false")
    boolean localPaths();

    /** A folder you keep the known datasets in, searched first ({@code PLMLAB_DATA_FOLDER}). */
    Optional<Path> folder();

    /**
     * The repository's shared data folder, searched next ({@code PLMLAB_DATA_SHARED}); unset,
     * the dataset locator falls back to the {@code plmlab.shared.data} system property or the
     * {@code PLMLAB_DATA} variable.
     */
    Optional<Path> shared();

    /** Where the pinned public downloads of the known datasets are cached ({@code PLMLAB_DATA_CACHE}). */
    @WithDefault("${user.home}/.cache/plmlab")
    Path cache();

    /** Never download: a known dataset found in neither folder fails its job. */
    @WithDefault("false")
    boolean offline();
}
