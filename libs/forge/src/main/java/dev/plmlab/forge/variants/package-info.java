/**
 * Ablated copies of a checkpoint for the study's baselines: {@link dev.plmlab.forge.variants.RandomInit}
 * (fresh initialisation, full or as the reference did it) and {@link dev.plmlab.forge.variants.StatTransfer}
 * (permute or resample each tensor). All are seeded and byte-for-byte deterministic.
 */
package dev.plmlab.forge.variants;
