package dev.plmlab.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * Where the local files a spec names are found: a task's {@code file:} (dataset-prep) and a
 * model's {@code checkpoint:} (embedder). Shared by the services that open such files; local
 * mode sets it to the spec's folder.
 */
@ConfigMapping(prefix = "plmlab.data")
public interface SpecFilesConfig {

    /** The folder relative paths in a spec resolve against ({@code PLMLAB_DATA_BASE_DIR}). */
    @WithDefault(".")
    Path baseDir();
}
