package dev.plmlab.inference;

/**
 * What a forged graph returns per row, and what it holds per batch.
 *
 * @param layers              L+1: {@code mean} is {@code [layers, width]} per row (embeddings included)
 * @param width               D; each {@code hidden_<k>} is {@code [T, width]} per row
 * @param computedHiddenLayers how many {@code hidden_<k>} outputs the backend computes and holds for every
 *                            batch whether or not they are asked for (ONNX Runtime keeps every graph output
 *                            of a run alive until it ends); 0 when only requested ones are
 */
public record OutputShape(int layers, int width, int computedHiddenLayers) {

    public OutputShape {
        if (layers < 1 || width < 0 || computedHiddenLayers < 0) {
            throw new IllegalArgumentException("output shape [" + layers + ", " + width + "], " + computedHiddenLayers
                    + " computed hidden layers");
        }
    }

    /** A backend that computes only the outputs it is asked for. */
    public OutputShape(int layers, int width) {
        this(layers, width, 0);
    }
}
