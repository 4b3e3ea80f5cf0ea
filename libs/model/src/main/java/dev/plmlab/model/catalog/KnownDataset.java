package dev.plmlab.model.catalog;

import java.util.List;

/**
 * A public benchmark dataset plmlab knows by name.
 *
 * @param name        the name used in specs
 * @param splits      the splits it publishes
 * @param type        what it predicts
 * @param maxResidues residues kept from the start of each sequence (0 = all); GB1 keeps 56
 *                    because the reference trains on the variable region only
 */
public record KnownDataset(String name, List<String> splits, TaskType type, int maxResidues) {
}
