package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.plmlab.science.metrics.Spearman;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Shanehsazzadeh et al.'s supervised CNN baselines, trained on the train part only: targets
 * z-scored on train, MSE, shuffled batches, Adam with the recipe's rate and decoupled weight
 * decay per layer (flax.optim.Adam's form, see {@link GroupedAdam}), a fixed number of epochs,
 * or early stopping on validation Spearman with the best weights kept when patience > 0.
 * Predictions are clipped to the train target range, as in the paper.
 *
 * <p>Inputs are padded to the longest train or validation sequence (longer sequences at
 * prediction time widen their own batch): the max-pool runs over pad positions too, so a
 * fixed length keeps predictions independent of how sequences are batched.
 */
public final class CnnBaseline {
    private CnnBaseline() {
    }

    public static CnnFit fitRegressor(CnnSettings s, List<String> trainSeqs, double[] trainY,
                                      List<String> valSeqs, double[] valY, long seed) {
        if (trainSeqs.size() != trainY.length || valSeqs.size() != valY.length) {
            throw new IllegalArgumentException("sequences and targets differ in number: train " + trainSeqs.size()
                    + " vs " + trainY.length + ", validation " + valSeqs.size() + " vs " + valY.length);
        }
        if (trainSeqs.isEmpty()) {
            throw new IllegalArgumentException("no train sequences");
        }
        if (s.patience() > 0 && valSeqs.size() < 2) {
            throw new IllegalArgumentException("early stopping on validation Spearman needs at least 2 validation rows");
        }
        OneHotSequences train = OneHotSequences.of("train", trainSeqs);
        OneHotSequences validation = OneHotSequences.of("validation", valSeqs);
        int length = Math.max(train.longest(), validation.longest());
        TargetScale scale = TargetScale.of(trainY);
        double low = java.util.Arrays.stream(trainY).min().orElseThrow();
        double high = java.util.Arrays.stream(trainY).max().orElseThrow();
        CnnNetwork network = new CnnNetwork(s.recipeArchitecture(), s.filters());
        Torch.useThreads(s.threads());
        TrainedWeights trained = train(s, network, train, scale.standardise(trainY), validation, valY, length, seed);
        return new CnnFit() {
            @Override
            public double[] predict(List<String> sequences) {
                OneHotSequences x = OneHotSequences.of("prediction", sequences);
                double[] y = scale.restore(outputs(network, trained.weights(), x, Math.max(length, x.longest())));
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.min(high, Math.max(low, y[i]));
                }
                return y;
            }

            @Override
            public TrainingHistory history() {
                return trained.history();
            }
        };
    }

    private static TrainedWeights train(CnnSettings s, CnnNetwork network, OneHotSequences x, float[] z,
                                        OneHotSequences validation, double[] valY, int length, long seed) {
        Random random = new Random(seed);
        List<float[]> initial = network.initialWeights(random);
        List<Shape> shapes = network.shapes();
        Objective objective = Objective.squaredError(z);
        try (NDManager root = Torch.newManager()) {
            List<Trainable> parameters = new ArrayList<>();
            for (int i = 0; i < initial.size(); i++) {
                int g = network.group(i);
                parameters.add(new Trainable(root, "p" + i, initial.get(i), shapes.get(i),
                        network.architecture.learningRates[g], network.architecture.weightDecays[g]));
            }
            GroupedAdam adam = new GroupedAdam(parameters, GroupedAdam.Decay.DECOUPLED);
            double bestRho = Double.NEGATIVE_INFINITY;
            List<float[]> best = null;
            int bestEpoch = 0;
            int sinceBest = 0;
            int epoch = 0;
            while (epoch < s.epochs()) {
                int[] order = RowBatches.shuffled(x.size(), random);
                for (int from = 0; from < order.length; from += s.batchSize()) {
                    int to = Math.min(order.length, from + s.batchSize());
                    try (NDManager batch = root.newSubManager()) {
                        parameters.forEach(p -> p.lendTo(batch));
                        NDArray input = x.load(batch, order, from, to, length);
                        try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                            collector.backward(objective.meanLoss(network.forward(Trainable.values(parameters), input), order, from, to));
                        }
                        adam.step(1);
                    }
                }
                epoch++;
                if (s.patience() > 0) {
                    List<float[]> current = Trainable.copyOut(parameters);
                    double rho = Spearman.rho(valY, toDouble(outputs(network, current, validation, length)));
                    if (rho > bestRho) {
                        bestRho = rho;
                        best = current;
                        bestEpoch = epoch;
                        sinceBest = 0;
                    } else if (++sinceBest >= s.patience()) {
                        break;
                    }
                }
            }
            if (best == null) {
                return new TrainedWeights(Trainable.copyOut(parameters), epoch, epoch, Double.NaN);
            }
            return new TrainedWeights(best, epoch, bestEpoch, Double.NaN);
        }
    }

    /** Standardised outputs for every sequence, in evaluation batches. */
    private static float[] outputs(CnnNetwork network, List<float[]> weights, OneHotSequences x, int length) {
        float[] out = new float[x.size()];
        int[] order = RowBatches.identity(x.size());
        int batchRows = 256;
        List<Shape> shapes = network.shapes();
        try (NDManager root = Torch.newManager()) {
            List<NDArray> arrays = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                arrays.add(root.create(weights.get(i), shapes.get(i)));
            }
            for (int from = 0; from < order.length; from += batchRows) {
                int to = Math.min(order.length, from + batchRows);
                try (NDManager batch = root.newSubManager()) {
                    float[] values = network.forward(arrays, x.load(batch, order, from, to, length)).toFloatArray();
                    System.arraycopy(values, 0, out, from, values.length);
                }
            }
        }
        return out;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
