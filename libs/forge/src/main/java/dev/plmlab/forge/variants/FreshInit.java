package dev.plmlab.forge.variants;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

/**
 * The values a freshly constructed reference model gives one tensor, by its {@link ParameterRole}.
 *
 * <p>Fan-in and fan-out follow torch.nn.init: for a weight of shape [out, in, k...], fan_in = in * prod(k),
 * fan_out = out * prod(k).
 */
final class FreshInit {

    private FreshInit() {
    }

    /**
     * @param current the tensor being replaced: only its shape is used, its values are never read
     * @param state   the checkpoint's state, used to find a bias's weight (its fan-in; shape only)
     */
    static Tensor initialise(Family family, String name, ParameterRole role, Tensor current,
            Map<String, Tensor> state, SplittableRandom random) {
        long[] shape = current.shape();
        float[] values = new float[Math.toIntExact(current.numel())];
        switch (role) {
            case EMBEDDING -> {
                SeededStreams.gaussian(random, 0.0, 1.0, values);
                zeroRow(values, shape, ParameterRoles.embeddingPaddingRow(family));
            }
            case ATTENTION_INPUT_WEIGHT -> SeededStreams.uniform(random, xavierUniformBound(shape, 1.0 / Math.sqrt(2)), values);
            case ATTENTION_OUTPUT_WEIGHT -> SeededStreams.uniform(random, xavierUniformBound(shape, 1.0), values);
            case ATTENTION_BIAS_KV -> SeededStreams.gaussian(random, 0.0, xavierNormalStd(shape), values);
            case LINEAR_WEIGHT -> SeededStreams.uniform(random, 1.0 / Math.sqrt(fanIn(shape)), values);
            case LINEAR_BIAS -> SeededStreams.uniform(random, 1.0 / Math.sqrt(fanIn(weightOf(name, state).shape())), values);
            case NORM_WEIGHT -> Arrays.fill(values, 1f);
            case NORM_BIAS, ZEROS -> Arrays.fill(values, 0f);
            case TIED_TO_TOKEN_EMBEDDING, BUFFER ->
                    throw new IllegalStateException(role + " tensors are not initialised on their own: " + name);
        }
        return new Tensor(shape.clone(), values);
    }

    static double xavierUniformBound(long[] shape, double gain) {
        return gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
    }

    static double xavierNormalStd(long[] shape) {
        return Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape)));
    }

    static double fanIn(long[] shape) {
        requireMatrix(shape);
        return shape[1] * receptiveField(shape);
    }

    static double fanOut(long[] shape) {
        requireMatrix(shape);
        return shape[0] * receptiveField(shape);
    }

    private static long receptiveField(long[] shape) {
        long field = 1;
        for (int d = 2; d < shape.length; d++) {
            field *= shape[d];
        }
        return field;
    }

    private static void requireMatrix(long[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan-in/fan-out need at least 2 dimensions, got " + Arrays.toString(shape));
        }
    }

    private static Tensor weightOf(String biasName, Map<String, Tensor> state) {
        String weightName = biasName.substring(0, biasName.length() - "bias".length()) + "weight";
        Tensor weight = state.get(weightName);
        if (weight == null) {
            throw new IllegalArgumentException("bias " + biasName + " has no weight " + weightName + " to take its fan-in from");
        }
        return weight;
    }

    static void zeroRow(float[] values, long[] shape, int row) {
        if (shape.length == 2 && row < shape[0]) {
            int width = (int) shape[1];
            Arrays.fill(values, row * width, (row + 1) * width, 0f);
        }
    }
}
