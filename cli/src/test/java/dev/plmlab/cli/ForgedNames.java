package dev.plmlab.cli;

import dev.plmlab.forge.catalogue.ModelDownloader;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.TritonModelName;
import dev.plmlab.model.spec.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The entry name {@code plmlab forge} should write, derived as the embedder derives it. */
final class ForgedNames {

    private ForgedNames() {
    }

    /** Default outputs (no --logits, --fp16-*): what the embedder forges for serving. */
    static String of(String model, Path checkpoint, Variant variant, long seed) {
        return of(model, checkpoint, variant, seed, GraphOptions.forged());
    }

    static String of(String model, Path checkpoint, Variant variant, long seed, GraphOptions options) {
        try {
            return TritonModelName.of(model, ModelDownloader.sha256(checkpoint), variant, seed, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
