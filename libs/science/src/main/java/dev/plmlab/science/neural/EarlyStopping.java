package dev.plmlab.science.neural;

/**
 * The reference's early-stopping rule (protein-transfer, scr/model/train_test.py): after each
 * 0-based epoch e, a validation loss strictly below the lowest so far resets a counter, any
 * other increments it; training stops when {@code e > minEpochs} and the counter has reached
 * {@code patience}. The reference tests {@code counter == patience}; this tests {@code >=},
 * which is the same whenever {@code patience > minEpochs} (the defaults 10 and 5) and, unlike
 * {@code ==}, still stops when the counter passes patience before the minimum is reached.
 * Patience 0 never stops early.
 */
final class EarlyStopping {
    private final int patience;
    private final int minEpochs;
    private double best = Double.POSITIVE_INFINITY;
    private int counter;

    EarlyStopping(int patience, int minEpochs) {
        this.patience = patience;
        this.minEpochs = minEpochs;
    }

    /** Records epoch {@code epoch}'s validation loss; true when it improved on the best so far. */
    boolean record(double validationLoss) {
        if (validationLoss < best) {
            best = validationLoss;
            counter = 0;
            return true;
        }
        counter++;
        return false;
    }

    boolean shouldStop(int epoch) {
        return patience > 0 && epoch > minEpochs && counter >= patience;
    }

    double best() {
        return best;
    }
}
