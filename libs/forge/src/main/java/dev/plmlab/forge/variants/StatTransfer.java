package dev.plmlab.forge.variants;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;

/**
 * The "stat transfer" ablation: keep each chosen tensor's value statistics, destroy what was learned in
 * their arrangement. Which tensors are chosen follows the reference (see {@link #isTransferred}); buffers
 * are never touched. Deterministic: same checkpoint, method and seed give the same bytes.
 * Lazy: a tensor is read and transformed only when its values are asked for, one at a time.
 */
public final class StatTransfer {

    private StatTransfer() {
    }

    /**
     * Shuffles the entries within each chosen tensor (what the reference does, although its docstrings
     * say it resamples): each tensor keeps exactly its multiset of values.
     */
    public static Checkpoint permute(Checkpoint checkpoint, long seed) {
        return transform(checkpoint, seed, "permute", StatTransfer::permuted);
    }

    /**
     * Replaces each chosen tensor with independent draws from N(mean, std) of its own values (population
     * standard deviation); a one-element tensor keeps its value.
     */
    public static Checkpoint resample(Checkpoint checkpoint, long seed) {
        return transform(checkpoint, seed, "resample", StatTransfer::resampled);
    }

    /**
     * Whether a tensor is transferred: ESM, every parameter except the token embedding and the output
     * head ({@code lm_head.*}, ESM-1's {@code embed_out*}); CARP, those whose name contains "layers".
     * Buffers ({@code rot_emb.inv_freq}, {@code embed_positions._float_tensor}) never are: they are not
     * learned (the reference shuffles ESM-2's inv_freq, which scrambles the rotary positions; plmlab
     * does not).
     */
    public static boolean isTransferred(Family family, String name) {
        if (family == Family.CARP) {
            return name.contains("layers");
        }
        if (ParameterRoles.of(family, name) == ParameterRole.BUFFER) {
            return false;
        }
        return !name.startsWith("embed_tokens.") && !name.startsWith("lm_head.") && !name.startsWith("embed_out");
    }

    private interface TensorTransform {
        Tensor apply(Tensor tensor, SplittableRandom random);
    }

    private static Checkpoint transform(Checkpoint checkpoint, long seed, String operation, TensorTransform transform) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : checkpoint.state().entrySet()) {
            String name = e.getKey();
            if (isTransferred(checkpoint.family(), name)) {
                Tensor source = e.getValue();
                // lazy: the source is read and transformed (from its own seeded stream) when asked for
                out.put(name, Tensor.lazy(source.shape(),
                        () -> transform.apply(source, SeededStreams.forTensor(seed, operation, name)).data()));
            } else {
                out.put(name, e.getValue());
            }
        }
        return new Checkpoint(checkpoint.family(), checkpoint.name(), checkpoint.config(), Collections.unmodifiableMap(out));
    }

    private static Tensor permuted(Tensor tensor, SplittableRandom random) {
        // a lazy tensor's values are already a fresh copy; an in-memory one's must not be shuffled in place
        float[] values = tensor.inMemory() ? tensor.data().clone() : tensor.data();
        // Fisher-Yates
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return new Tensor(tensor.shape().clone(), values);
    }

    private static Tensor resampled(Tensor tensor, SplittableRandom random) {
        float[] data = tensor.data();
        double mean = 0;
        for (float v : data) {
            mean += v;
        }
        mean /= data.length;
        double squares = 0;
        for (float v : data) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / data.length);
        float[] values = new float[data.length];
        SeededStreams.gaussian(random, mean, std, values);
        return new Tensor(tensor.shape().clone(), values);
    }
}
