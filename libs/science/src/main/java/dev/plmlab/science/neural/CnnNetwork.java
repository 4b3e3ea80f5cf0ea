package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A CNN recipe's parameters and forward pass on {@code batch × 21 × length} one-hot input.
 * Convs use 'SAME' zero padding (flax's default) so every position keeps an output; the
 * max-pool runs over all positions. Initialisation follows flax's defaults: LeCun normal
 * (truncated at ±2σ, rescaled to variance 1/fan_in) for kernels, zero biases.
 */
final class CnnNetwork {
    /** Standard deviation of a unit normal truncated to [-2, 2]; dividing by it restores unit variance. */
    private static final double TRUNCATED_STD = 0.87962566103423978;

    final CnnArchitecture architecture;
    final int filters;

    CnnNetwork(CnnArchitecture architecture, int filters) {
        this.architecture = architecture;
        this.filters = filters;
    }

    List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        int channels = OneHotSequences.TOKENS;
        for (int ignored : architecture.dilations) {
            shapes.add(new Shape(filters, channels, CnnArchitecture.KERNEL));
            shapes.add(new Shape(filters));
            channels = filters;
        }
        if (architecture.positionDense > 0) {
            shapes.add(new Shape(filters, architecture.positionDense));
            shapes.add(new Shape(architecture.positionDense));
            channels = architecture.positionDense;
        }
        shapes.add(new Shape(channels, 1));
        shapes.add(new Shape(1));
        return shapes;
    }

    /** Index into the recipe's learning rates / weight decays of parameter {@code i}. */
    int group(int parameter) {
        int convParameters = 2 * architecture.dilations.length;
        if (parameter < convParameters) {
            return 0;
        }
        return architecture.learningRates.length - (parameter < shapes().size() - 2 ? 2 : 1);
    }

    List<float[]> initialWeights(Random random) {
        List<float[]> weights = new ArrayList<>();
        List<Shape> shapes = shapes();
        for (int i = 0; i < shapes.size(); i += 2) {
            Shape kernel = shapes.get(i);
            long fanIn = kernel.dimension() == 3 ? kernel.get(1) * kernel.get(2) : kernel.get(0);
            weights.add(lecunNormal(Math.toIntExact(kernel.size()), fanIn, random));
            weights.add(new float[Math.toIntExact(shapes.get(i + 1).size())]);
        }
        return weights;
    }

    /** Outputs, batch × 1. */
    NDArray forward(List<NDArray> w, NDArray oneHot) {
        NDArray h = oneHot;
        int p = 0;
        for (int dilation : architecture.dilations) {
            int pad = dilation * (CnnArchitecture.KERNEL - 1) / 2;
            h = Conv1d.conv1d(h, w.get(p), w.get(p + 1), new Shape(1), new Shape(pad), new Shape(dilation))
                    .singletonOrThrow();
            if (architecture.reluAfterConv) {
                h = Activation.relu(h);
            }
            p += 2;
        }
        if (architecture.positionDense > 0) {
            h = Activation.relu(h.transpose(0, 2, 1).matMul(w.get(p)).add(w.get(p + 1)));
            h = h.max(new int[] {1});
            p += 2;
        } else {
            h = h.max(new int[] {2});
        }
        return h.matMul(w.get(p)).add(w.get(p + 1));
    }

    private static float[] lecunNormal(int n, long fanIn, Random random) {
        double std = Math.sqrt(1.0 / fanIn) / TRUNCATED_STD;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            double z;
            do {
                z = random.nextGaussian();
            } while (Math.abs(z) > 2);
            values[i] = (float) (z * std);
        }
        return values;
    }
}
