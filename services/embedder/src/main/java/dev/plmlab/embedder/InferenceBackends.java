package dev.plmlab.embedder;

import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.kserve.KServeConfig;
import dev.plmlab.inference.kserve.KServeModelRepository;
import dev.plmlab.inference.kserve.TritonServing;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.model.spec.Backend;
import dev.plmlab.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the backend a request names for a forged model: ONNX Runtime here, or Triton over KServe v2, which
 * serves it from the S3 model repository in the service's bucket: the model is published there once under
 * its serving name ({@link dev.plmlab.forge.onnx.TritonModelName}), then, in explicit model-control mode,
 * loaded on request and unloaded when idle ({@link TritonServing}).
 */
final class InferenceBackends {

    private final int threads;
    private final Optional<URI> tritonUrl;
    private final Optional<TritonServing> triton;
    private final MeterRegistry registry;

    InferenceBackends(EmbedderConfig config, ObjectStore store, MeterRegistry registry) {
        this.threads = config.threads();
        this.tritonUrl = config.tritonUrl();
        this.registry = registry;
        this.triton = tritonUrl.map(url -> new TritonServing(store, config.triton().repositoryPrefix(),
                KServeModelRepository.of(KServeConfig.of(url, "repository")), config.triton().modelControl(),
                config.triton().unloadIdle(), registry));
    }

    InferenceBackend open(Backend backend, ForgedModels.Forged model, Set<Integer> hiddenLayers) {
        return switch (backend) {
            case LOCAL -> new OrtBackend(model.onnx(), threads, hiddenLayers, registry);
            case TRITON -> triton(model, hiddenLayers);
        };
    }

    private InferenceBackend triton(ForgedModels.Forged model, Set<Integer> hiddenLayers) {
        URI url = tritonUrl.orElseThrow(() -> new IllegalStateException(
                "the spec asks for backend triton but this embedder has no plmlab.embedder.triton-url"));
        TritonServing serving = triton.orElseThrow();
        if (!model.onnx().getFileName().toString().equals(OnnxModelWriter.MODEL_FILE)) {
            throw new IllegalArgumentException("cannot publish " + model.onnx() + " to the Triton repository: only a folder"
                    + " that plmlab forged (" + OnnxModelWriter.MODEL_FILE + " beside its data) can be published; give the"
                    + " checkpoint instead, or put the graph into Triton's repository yourself");
        }
        serving.publish(model.servingName(), model.onnx().getParent(), TritonOptions.gpu(64));
        return serving.open(KServeConfig.of(url, model.servingName()).withHiddenLayers(hiddenLayers));
    }
}
