package dev.plmlab.embedder;

import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.kserve.KServeBackend;
import dev.plmlab.inference.kserve.KServeConfig;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.model.spec.Backend;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Opens the backend a request names for a forged model: ONNX Runtime here, or Triton over KServe v2. */
final class InferenceBackends {

    private final int threads;
    private final Optional<URI> tritonUrl;
    private final Optional<Path> tritonRepository;
    private final MeterRegistry registry;

    /**
     * @param tritonRepository a model repository folder Triton serves; when set, models are
     *                         published there under their model id before they are asked for
     */
    InferenceBackends(int threads, Optional<URI> tritonUrl, Optional<Path> tritonRepository, MeterRegistry registry) {
        this.threads = threads;
        this.tritonUrl = tritonUrl;
        this.tritonRepository = tritonRepository;
        this.registry = registry;
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
        tritonRepository.ifPresent(repo -> publish(repo, model));
        KServeBackend backend = new KServeBackend(KServeConfig.of(url, model.modelId()).withHiddenLayers(hiddenLayers), registry);
        backend.awaitReady();
        return backend;
    }

    private static void publish(Path repo, ForgedModels.Forged model) {
        if (Files.isRegularFile(repo.resolve(model.modelId()).resolve("config.pbtxt"))) {
            return;
        }
        if (!model.onnx().getFileName().toString().equals(OnnxModelWriter.MODEL_FILE)) {
            throw new IllegalArgumentException("cannot publish " + model.onnx() + " to the Triton repository: only a folder"
                    + " that plmlab forged (" + OnnxModelWriter.MODEL_FILE + " beside its data) can be published; give the"
                    + " checkpoint instead, or put the graph into a Triton repository yourself");
        }
        try {
            // the forged folder (model.onnx + model.onnx.data) is linked in as it is; only its small graph is read
            TritonRepository.write(repo, model.modelId(), model.onnx().getParent(), TritonOptions.gpu(64));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + model.modelId() + " to the Triton repository " + repo, e);
        }
    }
}
