package dev.plmlab.science.neural;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Adam with a learning rate and weight decay per parameter (β₁ 0.9, β₂ 0.999, ε 1e-8, bias
 * corrected, as torch.optim.Adam and flax.optim.Adam). One implementation for every head, since
 * DJL's optimizers take one rate per optimizer and the CNN recipes give one per layer.
 *
 * <p>Weight decay comes in the two forms the protocols use: {@link Decay#L2} adds
 * {@code wd·w} to the gradient before the moments (torch.optim.Adam's weight_decay);
 * {@link Decay#DECOUPLED} subtracts {@code lr·wd·w} from the weights next to the Adam step
 * (flax.optim.Adam's weight_decay, "AdamW style, relative to the learning rate"; the same as
 * torch.optim.AdamW).
 *
 * <p>The learning-rate scale multiplies every group's rate: ReduceLROnPlateau scales all groups alike.
 */
final class GroupedAdam {
    enum Decay { L2, DECOUPLED }

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final List<Trainable> parameters;
    private final Decay decay;
    private int step;

    GroupedAdam(List<Trainable> parameters, Decay decay) {
        this.parameters = List.copyOf(parameters);
        this.decay = decay;
    }

    /**
     * One update from the gradients left by the last backward pass, which are then zeroed.
     * Call with the parameters lent to the batch's manager ({@link Trainable#lendTo}).
     */
    void step(double learningRateScale) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (Trainable p : parameters) {
            double lr = p.learningRate * learningRateScale;
            NDArray gradient = p.value.getGradient();
            NDArray g = gradient;
            if (decay == Decay.L2 && p.weightDecay > 0) {
                g = gradient.add(p.value.mul(p.weightDecay));
            }
            p.firstMoment.muli(BETA1).addi(g.mul(1 - BETA1));
            p.secondMoment.muli(BETA2).addi(g.square().muli(1 - BETA2));
            NDArray denominator = p.secondMoment.div(correction2).sqrt().addi(EPSILON);
            NDArray update = p.firstMoment.div(denominator).muli(lr / correction1);
            if (decay == Decay.DECOUPLED && p.weightDecay > 0) {
                update.addi(p.value.mul(lr * p.weightDecay));
            }
            p.value.subi(update);
            gradient.subi(gradient);
        }
    }
}
