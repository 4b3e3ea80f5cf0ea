package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One trainable tensor with its Adam state and its group's learning rate and weight decay
 * (per-layer rates are what the CNN recipes need).
 */
final class Trainable {
    final String name;
    final NDArray value;
    final NDArray firstMoment;
    final NDArray secondMoment;
    final double learningRate;
    final double weightDecay;

    Trainable(NDManager manager, String name, float[] initial, Shape shape, double learningRate, double weightDecay) {
        this.name = name;
        this.value = manager.create(initial, shape);
        this.value.setRequiresGradient(true);
        this.firstMoment = manager.zeros(shape);
        this.secondMoment = manager.zeros(shape);
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    /** Lends the arrays to a batch's manager, so results of operations on them die with the batch. */
    void lendTo(NDManager batch) {
        value.tempAttach(batch);
        firstMoment.tempAttach(batch);
        secondMoment.tempAttach(batch);
    }

    float[] copyOut() {
        return value.toFloatArray();
    }

    static List<NDArray> values(List<Trainable> parameters) {
        List<NDArray> values = new ArrayList<>(parameters.size());
        for (Trainable p : parameters) {
            values.add(p.value);
        }
        return values;
    }

    /** Host copies of the current values, e.g. to keep the best epoch's weights. */
    static List<float[]> copyOut(List<Trainable> parameters) {
        List<float[]> copy = new ArrayList<>(parameters.size());
        for (Trainable p : parameters) {
            copy.add(p.copyOut());
        }
        return copy;
    }
}
