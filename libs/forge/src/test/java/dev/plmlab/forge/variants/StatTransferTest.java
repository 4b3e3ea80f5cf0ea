package dev.plmlab.forge.variants;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatTransferTest {

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void permuteKeepsEachTensorsValuesAndMovesThem(String family) {
        Checkpoint original = VariantFixtures.golden(family);
        Checkpoint permuted = StatTransfer.permute(original, 42);
        int moved = 0;
        for (Map.Entry<String, Tensor> e : original.state().entrySet()) {
            String name = e.getKey();
            Tensor before = e.getValue();
            Tensor after = permuted.tensor(name);
            assertArrayEquals(before.shape(), after.shape(), name);
            if (!StatTransfer.isTransferred(original.family(), name)) {
                assertSame(before, after, name + " must be left alone");
                continue;
            }
            float[] a = before.data().clone();
            float[] b = after.data().clone();
            Arrays.sort(a);
            Arrays.sort(b);
            assertArrayEquals(a, b, name + " keeps its multiset of values");
            if (before.numel() > 4 && !Arrays.equals(before.data(), after.data())) {
                moved++;
            }
        }
        assertTrue(moved > 10, "permutation moved values in " + moved + " tensors");
    }

    @Test
    void selectionFollowsTheReference() {
        assertFalse(StatTransfer.isTransferred(Family.ESM2, "embed_tokens.weight"));
        assertFalse(StatTransfer.isTransferred(Family.ESM2, "lm_head.weight"));
        assertFalse(StatTransfer.isTransferred(Family.ESM2, "lm_head.dense.weight"));
        assertFalse(StatTransfer.isTransferred(Family.ESM2, "layers.0.self_attn.rot_emb.inv_freq"));
        assertTrue(StatTransfer.isTransferred(Family.ESM2, "layers.0.self_attn_layer_norm.weight"));
        assertTrue(StatTransfer.isTransferred(Family.ESM1B, "embed_positions.weight"));
        assertFalse(StatTransfer.isTransferred(Family.ESM1, "embed_out"));
        assertFalse(StatTransfer.isTransferred(Family.ESM1, "embed_out_bias"));
        assertFalse(StatTransfer.isTransferred(Family.ESM1, "embed_positions._float_tensor"));
        assertTrue(StatTransfer.isTransferred(Family.ESM1, "layers.1.self_attn.bias_k"));
        assertTrue(StatTransfer.isTransferred(Family.CARP, "embedder.layers.3.sequence1.0.weight"));
        assertFalse(StatTransfer.isTransferred(Family.CARP, "embedder.embedder.weight"));
        assertFalse(StatTransfer.isTransferred(Family.CARP, "decoder.conv.weight"));
        assertFalse(StatTransfer.isTransferred(Family.CARP, "last_norm.weight"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1b", "esm1", "carp"})
    void resampleMatchesEachTensorsMeanAndStd(String family) {
        Checkpoint original = VariantFixtures.golden(family);
        Checkpoint resampled = StatTransfer.resample(original, 7);
        int checked = 0;
        for (Map.Entry<String, Tensor> e : original.state().entrySet()) {
            String name = e.getKey();
            if (!StatTransfer.isTransferred(original.family(), name)) {
                assertSame(e.getValue(), resampled.tensor(name), name);
                continue;
            }
            float[] before = e.getValue().data();
            float[] after = resampled.tensor(name).data();
            assertFalse(Arrays.equals(before, after) && before.length > 1, name + " was redrawn");
            int n = before.length;
            if (n < 1000) {
                continue; // too few draws for a tight statistical check
            }
            double mean = VariantFixtures.mean(before);
            double std = VariantFixtures.std(before);
            // 5 standard errors: the mean's is std/sqrt(n), a normal std's is about std/sqrt(2n)
            assertEquals(mean, VariantFixtures.mean(after), 5 * std / Math.sqrt(n), name + " mean");
            assertEquals(std, VariantFixtures.std(after), 5 * std / Math.sqrt(2.0 * n), name + " std");
            checked++;
        }
        assertTrue(checked >= 2, "checked " + checked + " large tensors");
    }

    @ParameterizedTest
    @ValueSource(strings = {"esm2", "esm1", "carp"})
    void sameSeedSameBytesDifferentSeedDifferentBytes(String family) {
        Checkpoint original = VariantFixtures.golden(family);
        String originalDigest = VariantFixtures.digest(original);
        for (String method : new String[] {"permute", "resample"}) {
            String first = VariantFixtures.digest(apply(method, original, 42));
            String again = VariantFixtures.digest(apply(method, VariantFixtures.golden(family), 42));
            String other = VariantFixtures.digest(apply(method, original, 12345));
            assertEquals(first, again, method + ": same seed, same bytes");
            assertNotEquals(first, other, method + ": different seed, different bytes");
            assertNotEquals(originalDigest, first, method + " changed something");
        }
        assertEquals(originalDigest, VariantFixtures.digest(original), "the input checkpoint is not modified");
    }

    private static Checkpoint apply(String method, Checkpoint checkpoint, long seed) {
        return method.equals("permute") ? StatTransfer.permute(checkpoint, seed) : StatTransfer.resample(checkpoint, seed);
    }
}
