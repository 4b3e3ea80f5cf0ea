package dev.plmlab.science.data;

import java.util.List;

/**
 * A split with its three parts. {@code validation} is the part of FLIP's train set marked
 * {@code validation=True}; {@code train} is the rest of it, so the two never overlap.
 */
public record LabeledDataset(List<LabeledSequence> train, List<LabeledSequence> validation,
                             List<LabeledSequence> test) {
    public LabeledDataset {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public static List<String> sequences(List<LabeledSequence> part) {
        return part.stream().map(LabeledSequence::sequence).toList();
    }

    public static double[] targets(List<LabeledSequence> part) {
        return part.stream().mapToDouble(LabeledSequence::target).toArray();
    }
}
