package dev.plmlab.science.neural;

import dev.plmlab.science.probe.FeatureRows;

/**
 * Linear and MLP heads on features, trained with the reference's protocol (see
 * {@link TrainingSettings} and {@link DenseTrainer}) on PyTorch through DJL: the GPU when DJL
 * sees one, else the CPU. The same seed gives the same numbers (on the same device and threads).
 */
public final class NeuralHeads {
    private NeuralHeads() {
    }

    /** A classifier of {@code classes} classes; labels must lie in 0..classes-1. */
    public static ClassifierFit fitClassifier(TrainingSettings s, FeatureRows trainX, int[] trainY,
                                              FeatureRows valX, int[] valY, int classes, long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        checkParts(trainX, trainY.length, valX, valY.length);
        checkLabels("train", trainY, classes);
        checkLabels("validation", valY, classes);
        DenseNetwork network = new DenseNetwork(trainX.width(), s.hidden(), classes, s.dropout());
        TrainedWeights trained = DenseTrainer.train(s, network, trainX, Objective.crossEntropy(trainY, classes),
                valX, Objective.crossEntropy(valY, classes), seed);
        DenseModel model = new DenseModel(network, trained.weights());
        return new ClassifierFit() {
            @Override
            public float[][] probabilities(FeatureRows x) {
                float[] flat = model.apply(x, classes, logits -> logits.softmax(1));
                float[][] rows = new float[x.rows()][];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                }
                return rows;
            }

            @Override
            public TrainingHistory history() {
                return trained.history();
            }
        };
    }

    /** A regressor; targets are z-scored with the train mean and population std, MSE on them. */
    public static RegressorFit fitRegressor(TrainingSettings s, FeatureRows trainX, double[] trainY,
                                            FeatureRows valX, double[] valY, long seed) {
        checkParts(trainX, trainY.length, valX, valY.length);
        TargetScale scale = TargetScale.of(trainY);
        DenseNetwork network = new DenseNetwork(trainX.width(), s.hidden(), 1, s.dropout());
        TrainedWeights trained = DenseTrainer.train(s, network, trainX, Objective.squaredError(scale.standardise(trainY)),
                valX, Objective.squaredError(scale.standardise(valY)), seed);
        DenseModel model = new DenseModel(network, trained.weights());
        return new RegressorFit() {
            @Override
            public double[] predict(FeatureRows x) {
                return scale.restore(model.apply(x, 1, output -> output));
            }

            @Override
            public TrainingHistory history() {
                return trained.history();
            }
        };
    }

    private static void checkParts(FeatureRows trainX, int trainTargets, FeatureRows valX, int valTargets) {
        if (trainX.rows() != trainTargets) {
            throw new IllegalArgumentException("train has " + trainX.rows() + " rows but " + trainTargets + " targets");
        }
        if (valX.rows() != valTargets) {
            throw new IllegalArgumentException("validation has " + valX.rows() + " rows but " + valTargets + " targets");
        }
        if (trainX.rows() < 1 || valX.rows() < 1) {
            throw new IllegalArgumentException("train and validation need at least one row each, got "
                    + trainX.rows() + " and " + valX.rows());
        }
        if (valX.width() != trainX.width()) {
            throw new IllegalArgumentException("validation has " + valX.width() + " features, train " + trainX.width());
        }
    }

    private static void checkLabels(String part, int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(part + " label [" + i + "] = " + labels[i]
                        + " is outside 0.." + (classes - 1));
            }
        }
    }

}
