package dev.plmlab.science.neural;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a linear ({@code hidden == 0}) or MLP head is trained: the reference's protocol
 * (microsoft/protein-transfer) by default.
 *
 * @param hidden      hidden units of the MLP (Linear → ReLU → Dropout → Linear); 0 = one linear layer
 * @param dropout     dropout rate after the hidden layer (MLP only)
 * @param lr          Adam's initial learning rate
 * @param maxEpochs   most epochs to train
 * @param patience    epochs without validation-loss improvement that stop training (0 = never stop early)
 * @param minEpochs   early stopping only acts once the 0-based epoch index exceeds this
 * @param batchSize   training batch size
 * @param keepBest    true: the weights of the best validation loss are kept; false: the last
 *                    ones (the reference's defect, reproducible by name with {@code keep: last})
 * @param weightDecay L2 penalty added to the gradient, as torch.optim.Adam's weight_decay
 * @param threads     PyTorch intra-op threads; 0 = leave the library's default
 */
public record TrainingSettings(int hidden, double dropout, double lr, int maxEpochs, int patience, int minEpochs,
                               int batchSize, boolean keepBest, double weightDecay, int threads) {
    public static final double DEFAULT_LR = 1e-4;
    public static final int DEFAULT_EPOCHS = 100;
    public static final int DEFAULT_PATIENCE = 10;
    public static final int DEFAULT_MIN_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final int DEFAULT_HIDDEN = 256;
    public static final double DEFAULT_DROPOUT = 0.1;

    private static final Set<String> COMMON = Set.of(
            "lr", "epochs", "patience", "min_epochs", "batch_size", "keep", "weight_decay", "threads");
    private static final Set<String> MLP_ONLY = Set.of("hidden", "dropout");

    public TrainingSettings {
        if (hidden < 0) {
            throw new IllegalArgumentException("hidden must be >= 0, got " + hidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must lie in [0, 1), got " + dropout);
        }
        if (hidden == 0 && dropout != 0) {
            throw new IllegalArgumentException("dropout needs a hidden layer (hidden > 0)");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be positive and finite, got " + lr);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + maxEpochs);
        }
        if (patience < 0 || minEpochs < 0) {
            throw new IllegalArgumentException("patience and min_epochs must be >= 0, got " + patience + ", " + minEpochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight_decay must be >= 0 and finite, got " + weightDecay);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    /** The reference's linear classifier protocol, best weights kept. */
    public static TrainingSettings linearDefaults() {
        return new TrainingSettings(0, 0, DEFAULT_LR, DEFAULT_EPOCHS, DEFAULT_PATIENCE, DEFAULT_MIN_EPOCHS,
                DEFAULT_BATCH_SIZE, true, 0, 0);
    }

    /** Parameter names a probe type accepts in {@link #fromParams}. */
    public static Set<String> parameterNames(String probeType) {
        return switch (normalise(probeType)) {
            case "linear" -> COMMON;
            case "mlp" -> union(COMMON, MLP_ONLY);
            default -> throw unknownType(probeType);
        };
    }

    /**
     * Settings from a spec's probe parameters. {@code probeType} is "linear" or "mlp"; keys:
     * lr (1e-4), epochs (100), patience (10), min_epochs (5), batch_size (256), keep ("best" | "last"),
     * weight_decay (0), threads (0); mlp only: hidden (256), dropout (0.1). Unknown keys are refused.
     */
    public static TrainingSettings fromParams(String probeType, Map<String, Object> params) {
        String type = normalise(probeType);
        ParamReader read = new ParamReader(type + " probe", params, parameterNames(type));
        boolean mlp = type.equals("mlp");
        String keep = read.string("keep", "best").toLowerCase(Locale.ROOT);
        if (!keep.equals("best") && !keep.equals("last")) {
            throw new IllegalArgumentException(type + " probe: keep must be 'best' or 'last', got '" + keep + "'");
        }
        int hidden = mlp ? read.integer("hidden", DEFAULT_HIDDEN) : 0;
        if (mlp && hidden < 1) {
            throw new IllegalArgumentException("mlp probe: hidden must be >= 1, got " + hidden);
        }
        return new TrainingSettings(
                hidden,
                mlp ? read.number("dropout", DEFAULT_DROPOUT) : 0,
                read.number("lr", DEFAULT_LR),
                read.integer("epochs", DEFAULT_EPOCHS),
                read.integer("patience", DEFAULT_PATIENCE),
                read.integer("min_epochs", DEFAULT_MIN_EPOCHS),
                read.integer("batch_size", DEFAULT_BATCH_SIZE),
                keep.equals("best"),
                read.number("weight_decay", 0),
                read.integer("threads", 0));
    }

    private static String normalise(String probeType) {
        if (probeType == null) {
            throw unknownType(null);
        }
        return probeType.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknownType(String probeType) {
        return new IllegalArgumentException("probe type must be 'linear' or 'mlp', got '" + probeType + "'");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
