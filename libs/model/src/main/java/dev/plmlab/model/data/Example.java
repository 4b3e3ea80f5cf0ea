package dev.plmlab.model.data;

/**
 * One labelled sequence.
 *
 * @param target the regression target or class index (null for per-residue tasks)
 * @param labels per-residue labels, one letter per residue (null for sequence-level tasks)
 */
public record Example(String sequence, Double target, String labels) {
}
