package dev.plmlab.datasetprep;

import dev.plmlab.science.data.tape.TapeFormat;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What only dataset-prep reads, beside the shared {@code plmlab.data.*} settings (support's
 * DataConfig). Its own prefix, so that services which map {@code plmlab.data} never see these keys.
 */
@ConfigMapping(prefix = "plmlab.dataset-prep")
public interface DatasetPrepSettings {

    /**
     * The lock file that keeps the sha256 of downloads without a published checksum (FLIP's scl,
     * TAPE's JSON archives), {@code PLMLAB_DATASET_PREP_LOCK_FILE}; unset, {@code plmlab-data.lock} in
     * {@code plmlab.data.base-dir} (the spec's folder in local mode), where it can be committed.
     */
    Optional<Path> lockFile();

    /** Which TAPE archives to read: {@code lmdb} (published md5s) or {@code json} (checked by the lock file). */
    @WithDefault("lmdb")
    TapeFormat tapeFormat();
}
