package dev.plmlab.model.catalog;

import java.util.List;

/**
 * An official PLM plmlab can extract features from.
 *
 * @param family              esm1, esm1b, esm2 or carp
 * @param size                the size tag used in specs (t6_8M, 640M, ...)
 * @param officialName        the checkpoint's published name
 * @param layers              number of blocks; layer indices run 0..layers
 * @param dim                 hidden size
 * @param pretrainingFractions the published pretraining checkpoints, as fractions of the full run
 */
public record KnownModel(String family, String size, String officialName, int layers, int dim,
                         List<Double> pretrainingFractions) {
}
