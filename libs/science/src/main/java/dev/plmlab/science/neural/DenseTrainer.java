package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.plmlab.science.probe.FeatureRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The reference's training loop for a dense head: shuffled mini-batches, Adam, ReduceLROnPlateau
 * on the validation loss, {@link EarlyStopping}; the best-validation (or last) weights are kept.
 *
 * <p>The validation loss of an epoch is the mean over validation rows (the reference averages
 * per-batch means, which weighs a short last batch more; with the default batch the two agree
 * to within that batch's share). Every batch lives in its own sub-manager, closed after use.
 */
final class DenseTrainer {
    private DenseTrainer() {
    }

    static TrainedWeights train(TrainingSettings s, DenseNetwork network, FeatureRows trainX, Objective train,
                                FeatureRows valX, Objective validation, long seed) {
        Torch.useThreads(s.threads());
        Random random = new Random(seed);
        List<float[]> initial = network.initialWeights(random);
        List<Shape> shapes = network.shapes();
        try (NDManager root = Torch.newManager()) {
            List<Trainable> parameters = new ArrayList<>();
            for (int i = 0; i < initial.size(); i++) {
                parameters.add(new Trainable(root, "p" + i, initial.get(i), shapes.get(i), s.lr(), s.weightDecay()));
            }
            GroupedAdam adam = new GroupedAdam(parameters, GroupedAdam.Decay.L2);
            ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(s.lr());
            EarlyStopping stopping = new EarlyStopping(s.patience(), s.minEpochs());
            List<float[]> best = null;
            int bestEpoch = 0;
            int epoch = 0;
            while (epoch < s.maxEpochs()) {
                int[] order = RowBatches.shuffled(trainX.rows(), random);
                for (int from = 0; from < order.length; from += s.batchSize()) {
                    int to = Math.min(order.length, from + s.batchSize());
                    trainBatch(root, network, parameters, adam, plateau.scale(), trainX, train, order, from, to, random);
                }
                double validationLoss = meanLoss(root, network, parameters, valX, validation);
                plateau.step(validationLoss);
                if (stopping.record(validationLoss)) {
                    bestEpoch = epoch + 1;
                    if (s.keepBest()) {
                        best = Trainable.copyOut(parameters);
                    }
                }
                boolean stop = stopping.shouldStop(epoch);
                epoch++;
                if (stop) {
                    break;
                }
            }
            List<float[]> kept = best != null ? best : Trainable.copyOut(parameters);
            return new TrainedWeights(kept, epoch, bestEpoch, stopping.best());
        }
    }

    private static void trainBatch(NDManager root, DenseNetwork network, List<Trainable> parameters, GroupedAdam adam,
                                   double rateScale, FeatureRows x, Objective objective, int[] order, int from, int to,
                                   Random random) {
        try (NDManager batch = root.newSubManager()) {
            parameters.forEach(p -> p.lendTo(batch));
            NDArray input = RowBatches.load(batch, x, order, from, to);
            try (GradientCollector collector = Torch.engine().newGradientCollector()) {
                NDArray output = network.forward(Trainable.values(parameters), input, random);
                collector.backward(objective.meanLoss(output, order, from, to));
            }
            adam.step(rateScale);
        }
    }

    /** Mean loss over all rows of {@code x}, in evaluation batches, without gradients. */
    static double meanLoss(NDManager root, DenseNetwork network, List<Trainable> parameters, FeatureRows x,
                           Objective objective) {
        int[] order = RowBatches.identity(x.rows());
        double sum = 0;
        for (int from = 0; from < order.length; from += RowBatches.EVALUATION_BATCH) {
            int to = Math.min(order.length, from + RowBatches.EVALUATION_BATCH);
            try (NDManager batch = root.newSubManager()) {
                parameters.forEach(p -> p.lendTo(batch));
                NDArray output = network.forward(Trainable.values(parameters), RowBatches.load(batch, x, order, from, to), null);
                sum += objective.meanLoss(output, order, from, to).getFloat() * (double) (to - from);
            }
        }
        return sum / x.rows();
    }
}
