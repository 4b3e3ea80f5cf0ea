package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

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
}
