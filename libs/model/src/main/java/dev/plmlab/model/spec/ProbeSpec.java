package dev.plmlab.model.spec;

import java.util.List;
import java.util.Map;

/**
 * A probe trained on the features of one layer.
 *
 * @param type   ridge, linear, mlp or cnn
 * @param alphas ridge only: the regularisation grid searched on the validation split
 * @param params other hyperparameters (learning rate, epochs, patience, hidden size ...)
 */
public record ProbeSpec(String type, List<Double> alphas, Map<String, Object> params) {

    public static final List<Double> DEFAULT_ALPHAS = List.of(1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0);
}
