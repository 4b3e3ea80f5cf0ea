package dev.plmlab.inference;

/**
 * What a forged graph returns per row: {@code mean} is {@code [layers, width]} ({@code layers} = L+1,
 * embeddings included) and each {@code hidden_<k>} is {@code [T, width]}.
 */
public record OutputShape(int layers, int width) {

    public OutputShape {
        if (layers < 1 || width < 0) {
            throw new IllegalArgumentException("output shape [" + layers + ", " + width + "]");
        }
    }
}
