package dev.plmlab.model.catalog;

import java.util.List;

/**
 * An official PLM plmlab can extract features from.
 *
 * @param family              a network family (not one-hot)
 * @param size                the size tag used in specs (t6_8M, 640M, ...)
 * @param officialName        the checkpoint's published name
 * @param layers              number of blocks; layer indices run 0..layers
 * @param dim                 hidden size
 * @param pretrainingFractions the published pretraining checkpoints, as fractions of the full run
 */
public record KnownModel(ModelFamily family, String size, String officialName, int layers, int dim,
                         List<Double> pretrainingFractions) {
}
