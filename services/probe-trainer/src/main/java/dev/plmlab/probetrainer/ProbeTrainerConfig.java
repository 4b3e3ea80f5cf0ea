package dev.plmlab.probetrainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The probe-trainer's own settings; each key has its environment form ({@code PLMLAB_PROBE_TRAINER_THREADS}, ...). */
@ConfigMapping(prefix = "plmlab.probe-trainer")
public interface ProbeTrainerConfig {

    /** Threads PyTorch may use for one probe (linear, mlp, cnn); 0 leaves PyTorch's default. Match the pod's CPU request. */
    @WithDefault("0")
    int threads();

    /**
     * Local scratch space for the layer objects a job reads: they are downloaded and memory-mapped, not
     * held in the heap (per-residue layers reach gigabytes). Unset, a folder in {@code java.io.tmpdir}.
     */
    Optional<Path> workDir();
}
