package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The loss a head is trained on, over targets addressed by row index. */
interface Objective {
    /** Mean loss of a batch: {@code output} holds rows {@code order[from..to)}. */
    NDArray meanLoss(NDArray output, int[] order, int from, int to);

    /** Cross-entropy of logits against class labels (torch.nn.CrossEntropyLoss, mean reduction). */
    static Objective crossEntropy(int[] labels, int classes) {
        return (output, order, from, to) -> {
            float[] oneHot = new float[(to - from) * classes];
            for (int i = from; i < to; i++) {
                oneHot[(i - from) * classes + labels[order[i]]] = 1f;
            }
            NDManager manager = output.getManager();
            NDArray targets = Upload.floats(manager, oneHot, new Shape(to - from, classes));
            return output.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
        };
    }

    /** Mean squared error of a one-column output against values (torch.nn.MSELoss). */
    static Objective squaredError(float[] values) {
        return (output, order, from, to) -> {
            float[] y = new float[to - from];
            for (int i = from; i < to; i++) {
                y[i - from] = values[order[i]];
            }
            NDArray targets = Upload.floats(output.getManager(), y, new Shape(to - from));
            return output.reshape(to - from).sub(targets).square().mean();
        };
    }
}
