package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.plmlab.science.probe.FeatureRows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A trained dense head that predicts in evaluation batches, each on its own sub-manager. */
final class DenseModel {
    private final DenseNetwork network;
    private final List<float[]> weights;

    DenseModel(DenseNetwork network, List<float[]> weights) {
        this.network = network;
        this.weights = List.copyOf(weights);
    }

    /** {@code post(outputs)} for every row of {@code x}, row-major, {@code columns} values a row. */
    float[] apply(FeatureRows x, int columns, UnaryOperator<NDArray> post) {
        if (x.width() != network.inputs) {
            throw new IllegalArgumentException("rows have " + x.width() + " features, the head was trained on "
                    + network.inputs);
        }
        float[] out = new float[Math.multiplyExact(x.rows(), columns)];
        int[] order = RowBatches.identity(x.rows());
        try (NDManager root = Torch.newManager()) {
            List<Shape> shapes = network.shapes();
            List<NDArray> arrays = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                arrays.add(root.create(weights.get(i), shapes.get(i)));
            }
            for (int from = 0; from < order.length; from += RowBatches.EVALUATION_BATCH) {
                int to = Math.min(order.length, from + RowBatches.EVALUATION_BATCH);
                try (NDManager batch = root.newSubManager()) {
                    NDArray input = RowBatches.load(batch, x, order, from, to);
                    float[] values = post.apply(network.forward(arrays, input, null)).toFloatArray();
                    System.arraycopy(values, 0, out, from * columns, values.length);
                }
            }
        }
        return out;
    }
}
