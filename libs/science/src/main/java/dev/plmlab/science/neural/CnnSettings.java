package dev.plmlab.science.neural;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A supervised CNN baseline on one-hot input (Shanehsazzadeh et al.; recipes in
 * {@link CnnArchitecture}).
 *
 * @param architecture maxpool | linear-maxpool | 3-maxpool | 3-dilated
 * @param epochs       epochs to train (at most, with early stopping)
 * @param batchSize    training batch size
 * @param patience     epochs without validation-Spearman improvement that stop training, keeping the best
 *                     weights; 0 = no early stopping, the last weights are kept (the paper's fixed schedule)
 * @param filters      channels of every conv layer (1024 in the recipes)
 * @param threads      PyTorch intra-op threads; 0 = library default
 */
public record CnnSettings(String architecture, int epochs, int batchSize, int patience, int filters, int threads) {
    public static final int DEFAULT_FILTERS = 1024;
    /** FLIP's CNN: linear-maxpool, stopped after 20 epochs without validation-ρ improvement. */
    public static final int FLIP_PATIENCE = 20;
    /** Epoch cap for "flip": FLIP stops on validation, this only bounds the run (plmlab's choice). */
    public static final int FLIP_MAX_EPOCHS = 100;

    private static final Set<String> KEYS = Set.of("architecture", "epochs", "batch_size", "patience", "filters", "threads");

    public CnnSettings {
        architecture = CnnArchitecture.named(architecture).specName;
        if (epochs < 1 || batchSize < 1 || filters < 1) {
            throw new IllegalArgumentException("epochs, batch_size and filters must be >= 1, got "
                    + epochs + ", " + batchSize + ", " + filters);
        }
        if (patience < 0 || threads < 0) {
            throw new IllegalArgumentException("patience and threads must be >= 0, got " + patience + ", " + threads);
        }
    }

    /** The recipe's epochs and batch size for an architecture, no early stopping, 1024 filters. */
    public static CnnSettings recipe(String architecture) {
        return fromParams(Map.of("architecture", architecture));
    }

    public static Set<String> parameterNames() {
        return KEYS;
    }

    /**
     * Keys architecture (maxpool default | linear-maxpool | 3-maxpool | 3-dilated | flip), epochs,
     * batch_size, patience, filters, threads; defaults from the recipe. "flip" is linear-maxpool
     * with patience 20 and at most 100 epochs.
     */
    public static CnnSettings fromParams(Map<String, Object> params) {
        ParamReader read = new ParamReader("cnn probe", params, KEYS);
        String name = read.string("architecture", "maxpool").toLowerCase(Locale.ROOT);
        boolean flip = name.equals("flip");
        CnnArchitecture a = CnnArchitecture.named(flip ? "linear-maxpool" : name);
        return new CnnSettings(a.specName,
                read.integer("epochs", flip ? FLIP_MAX_EPOCHS : a.defaultEpochs),
                read.integer("batch_size", a.defaultBatchSize),
                read.integer("patience", flip ? FLIP_PATIENCE : 0),
                read.integer("filters", DEFAULT_FILTERS),
                read.integer("threads", 0));
    }

    CnnArchitecture recipeArchitecture() {
        return CnnArchitecture.named(architecture);
    }
}
