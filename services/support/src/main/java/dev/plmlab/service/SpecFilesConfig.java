package dev.plmlab.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/**
 * {@code plmlab.data.base-dir} alone, as {@link DataConfig#baseDir()} gives it.
 *
 * @deprecated inject {@link DataConfig}: a mapping of only {@code base-dir} made Quarkus refuse
 * to start on the other {@code plmlab.data.*} keys local mode gives every service. This plain
 * interface stays until the embedder injects {@code DataConfig}; then delete this file.
 */
@Deprecated
public interface SpecFilesConfig {

    /** See {@link DataConfig#baseDir()}. */
    Path baseDir();

    /** Serves {@link SpecFilesConfig} from {@link DataConfig}. */
    @ApplicationScoped
    class Producer {

        @Produces
        @Dependent
        SpecFilesConfig specFiles(DataConfig data) {
            return data::baseDir;
        }
    }
}
