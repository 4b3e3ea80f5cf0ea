package dev.plmlab.cli.forge;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.OnnxGraphs;

/**
 * A checkpoint's size as the catalogue states it: blocks L (the graph reports layers 0..L) and the width D
 * of every layer's states.
 */
public record CheckpointShape(int layers, int width) {

    public static CheckpointShape of(Checkpoint checkpoint) {
        // CARP's blocks work at d_model (its d_embed is only the token embedding, projected up to d_model)
        String widthKey = checkpoint.family() == Family.CARP ? "d_model" : "embed_dim";
        return new CheckpointShape(OnnxGraphs.numLayers(checkpoint), checkpoint.intConfig(widthKey));
    }
}
