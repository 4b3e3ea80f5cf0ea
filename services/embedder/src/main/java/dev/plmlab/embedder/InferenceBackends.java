package dev.plmlab.embedder;

import ai.onnx.proto.OnnxMl;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.kserve.KServeBackend;
import dev.plmlab.inference.kserve.KServeConfig;
import dev.plmlab.inference.ort.OrtBackend;
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

    InferenceBackend open(String backend, ForgedModels.Forged model) {
        return switch (backend) {
            case "local" -> new OrtBackend(model.onnx(), threads, Set.of(), registry);
            case "triton" -> triton(model);
            default -> throw new IllegalArgumentException("unknown backend '" + backend + "' (local, triton)");
        };
    }

    private InferenceBackend triton(ForgedModels.Forged model) {
        URI url = tritonUrl.orElseThrow(() -> new IllegalStateException(
                "the spec asks for backend triton but this embedder has no plmlab.embedder.triton-url"));
        tritonRepository.ifPresent(repo -> publish(repo, model));
        KServeBackend backend = new KServeBackend(KServeConfig.of(url, model.modelId()), registry);
        backend.awaitReady();
        return backend;
    }

    private static void publish(Path repo, ForgedModels.Forged model) {
        if (Files.isRegularFile(repo.resolve(model.modelId()).resolve("config.pbtxt"))) {
            return;
        }
        try {
            OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(model.onnx()));
            TritonRepository.write(repo, model.modelId(), proto, TritonOptions.gpu(64));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + model.modelId() + " to the Triton repository " + repo, e);
        }
    }
}
