package dev.plmlab.embedder;

import dev.plmlab.inference.kserve.TritonServing;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The embedder's own settings. Each key has its environment form ({@code PLMLAB_EMBEDDER_THREADS},
 * ...). The folder a spec's {@code checkpoint:} path resolves against, {@code plmlab.data.base-dir},
 * is shared with dataset-prep: {@code dev.plmlab.service.DataConfig#baseDir()}.
 */
@ConfigMapping(prefix = "plmlab.embedder")
public interface EmbedderConfig {

    /** Intra-op threads of in-process ONNX Runtime per inference; match the pod's CPU request. */
    @WithDefault("2")
    int threads();

    /** Where forged ONNX graphs and downloaded checkpoints are cached, by checkpoint content, variant and seed. */
    @WithDefault("${user.home}/.cache/plmlab/models")
    Path modelCache();

    /**
     * Sequences per slice of a PLM job that is stored as soon as it is done: an embedder that dies
     * mid-job loses at most one slice. The size is part of the slices' keys.
     */
    @WithDefault("256")
    int shardSize();

    /**
     * Triton's KServe v2 HTTP endpoint for specs with {@code compute.backend: triton}, e.g.
     * {@code http://triton:8000}; the chart sets it when Triton is enabled.
     */
    Optional<URI> tritonUrl();

    /** How forged models reach Triton: {@code plmlab.embedder.triton.*}. */
    Triton triton();

    interface Triton {

        /**
         * Key prefix of the Triton model repository in the service's bucket: a forged model is published as
         * {@code <prefix>/<name>/config.pbtxt} and {@code <prefix>/<name>/1/model.onnx(.data)}, where Triton
         * reads it ({@code --model-repository=s3://<endpoint>/<bucket>/<prefix>}).
         */
        @WithDefault("triton-models")
        String repositoryPrefix();

        /**
         * {@code explicit} (Triton runs with {@code --model-control-mode=explicit}): the embedder asks Triton
         * to load a model before its first batch and to unload it when idle; {@code none}: Triton loads what
         * the repository holds by itself, and the embedder only publishes.
         */
        @WithDefault("explicit")
        TritonServing.ModelControl modelControl();

        /** In explicit mode, unload a model no job has used for this long; 0 never unloads. */
        @WithDefault("PT15M")
        Duration unloadIdle();
    }

    /**
     * Local scratch space for slices and parts being assembled (one part's layers of one job at most),
     * cleared at start; unset, {@code embedder-work} beside the model cache. Give it a volume with room
     * for the largest part (n x (L+1) x D x bytes, per residue R x ...).
     */
    Optional<Path> workDir();
}
