package dev.plmlab.science.data;

/** One labelled example: a protein sequence and its regression target. */
public record LabeledSequence(String sequence, double target) {
}
