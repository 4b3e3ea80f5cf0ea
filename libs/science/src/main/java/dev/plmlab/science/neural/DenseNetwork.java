package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A linear layer, or Linear → ReLU → Dropout → Linear, as the parameters of a forward pass.
 * Weights are stored input-major ({@code in × out}) so a batch is {@code x · W + b}.
 * Initialisation is PyTorch's nn.Linear default: weights and biases uniform in ±1/√fan_in.
 */
final class DenseNetwork {
    final int inputs;
    final int hidden;
    final int outputs;
    final double dropout;

    DenseNetwork(int inputs, int hidden, int outputs, double dropout) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.dropout = dropout;
    }

    private int[][] layers() {
        return hidden == 0 ? new int[][] {{inputs, outputs}} : new int[][] {{inputs, hidden}, {hidden, outputs}};
    }

    /** Fresh weights: W then b for each layer, drawn from {@code random}. */
    List<float[]> initialWeights(Random random) {
        List<float[]> weights = new ArrayList<>();
        for (int[] layer : layers()) {
            double bound = 1 / Math.sqrt(layer[0]);
            weights.add(uniform(layer[0] * layer[1], bound, random));
            weights.add(uniform(layer[1], bound, random));
        }
        return weights;
    }

    List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        for (int[] layer : layers()) {
            shapes.add(new Shape(layer[0], layer[1]));
            shapes.add(new Shape(layer[1]));
        }
        return shapes;
    }

    /**
     * Outputs (rows × outputs). {@code dropoutRandom} null means evaluation (no dropout);
     * otherwise the dropout mask is drawn from it, so a seed fixes the whole run.
     */
    NDArray forward(List<NDArray> weights, NDArray x, Random dropoutRandom) {
        NDArray h = x.matMul(weights.get(0)).add(weights.get(1));
        if (hidden == 0) {
            return h;
        }
        h = Activation.relu(h);
        if (dropoutRandom != null && dropout > 0) {
            h = h.mul(dropoutMask(x.getManager(), h.getShape(), dropoutRandom));
        }
        return h.matMul(weights.get(2)).add(weights.get(3));
    }

    /** Inverted dropout: kept units scaled by 1/(1-p), as torch.nn.Dropout in training. */
    private NDArray dropoutMask(NDManager manager, Shape shape, Random random) {
        float[] mask = new float[Math.toIntExact(shape.size())];
        float kept = (float) (1 / (1 - dropout));
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < dropout ? 0f : kept;
        }
        return Upload.floats(manager, mask, shape);
    }

    private static float[] uniform(int n, double bound, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return values;
    }
}
