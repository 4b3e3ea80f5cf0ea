package dev.plmlab.forge.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.GoldenFixtures;
import dev.plmlab.forge.checkpoint.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The lazy, one-tensor-at-a-time variants give exactly the bytes the whole-checkpoint implementation gave:
 * these digests ({@link VariantFixtures#digest}) were computed with that implementation (before the
 * streaming forge), on every golden checkpoint in both file formats (zip with its contact regression
 * merged in, legacy without), for every variant and two seeds.
 */
class StreamingVariantsTest {

    private static final List<String> BEFORE_STREAMING = List.of(
            "esm2 42 pretrained 2b40555df16b3d76ca229cabf5f5ba4e3374d0a3ed370409a50e5e2c5788fbe4",
            "esm2 42 full 01d610e17979329b9cc770fbdaa08cc12c1d7a68adfec5f59fc896775a8ebd65",
            "esm2 42 reference 36089d81c6ce02c39e41c5dd8eba6c8633d00c0436b535cbec82f2db5127544b",
            "esm2 42 permute d0109412fec9431655c223d63d29901292542267b66370e4b6cfc97095ff2425",
            "esm2 42 resample dce840980c4ceeb7955f80bc6b13a71541b70519788d4bec41bdf94e272da2ba",
            "esm2 0 pretrained 2b40555df16b3d76ca229cabf5f5ba4e3374d0a3ed370409a50e5e2c5788fbe4",
            "esm2 0 full 6d07a6d2c44bdf4cb3937ecd23385a911d78858f89dcaba40dfcbfdf99c03e29",
            "esm2 0 reference a9c7725276570f3d15c659356385e864442d1151623e4fb4eef7020abaf28dde",
            "esm2 0 permute b27d54a4c0c4f9f7bd54be71acd0300c0d0e39cc5d1fb0508276ef87c482170a",
            "esm2 0 resample c26419426b7ac7526c49c08c08bdb678b4c93db556fc510031f4372b332d76fb",
            "esm2-legacy 42 pretrained 23402d5d08191311d5ed7976ec61e6a15efab9d537b027a13d943d18e6107b5c",
            "esm2-legacy 42 full ff474a500c905d8da173402b246bbb3f0c8b9922020afdeae12278a89ae5d276",
            "esm2-legacy 42 reference 643b99a2a6f2610bfecf03d330acd669570bdd85ee4c29416c5b1eef8059321c",
            "esm2-legacy 42 permute 7341f3fd63d32d29af9d0bc10a2c6f4885d651112db69b606b622575fc9d14a7",
            "esm2-legacy 42 resample bfad20390f21b192479e30adfbeb2512393c8c5e282d7dd5bfd95c35370aabf2",
            "esm2-legacy 0 pretrained 23402d5d08191311d5ed7976ec61e6a15efab9d537b027a13d943d18e6107b5c",
            "esm2-legacy 0 full 815fc9b3edd43d6d4ce063d5aa950ebd90490054ab205642e57861e01b3c6ca2",
            "esm2-legacy 0 reference faef8a0ff45064f08fef8b2041fa21d99904c691d822316e2725ba4c8249438d",
            "esm2-legacy 0 permute 93bbbf82d910558f72df1da5581861d1674d57fdb5053d9c6cab116801a256a7",
            "esm2-legacy 0 resample 3fca3c86c606ba987a80299b4c7dd7a9ed7cfaf997081c60733c332538ce1feb",
            "esm1b 42 pretrained 8919ae8dd9c41bcdaceb9bb6d0a0bc1a185477b30685b4d2e447835c26281003",
            "esm1b 42 full 469022d7399186556f3784559638fd4766de3310b8074437cc3408c1da34cfb5",
            "esm1b 42 reference b2cebec77e4a2cd35a7788d4852bf3eb7ea853e62c0ee36d70beb2fd4d64dd22",
            "esm1b 42 permute a7c52b007fa5e7db32edea17a60c26dc023aaa41657e2829f61bfb3de13d6021",
            "esm1b 42 resample ce8ad4a77d4fb37ef4a35b69cdd1bd7088e7e14777a0b541dbd90f7e7d48d965",
            "esm1b 0 pretrained 8919ae8dd9c41bcdaceb9bb6d0a0bc1a185477b30685b4d2e447835c26281003",
            "esm1b 0 full 96cb2d8cc4127113c0760ee953fcaeff2607ebaaec7d0120e8168f810835dff3",
            "esm1b 0 reference 14b2f452c5f27845714d52564b7647035f857e516bd22ccadba84915b232df92",
            "esm1b 0 permute 7e40e318ae5a21a7ccc0456bbaf7070f15b8c917341f8f80a80499bb4a8f64cf",
            "esm1b 0 resample f4a3cb253efe3ff39f35c8588db7b7345d6d6229225745e352ef4c7746a3564d",
            "esm1b-legacy 42 pretrained fb46738253832c08518545ff3072f6c9aef54af6c063162a091f12c61db3c466",
            "esm1b-legacy 42 full 03fce7325aa2e9d3a6d733664a8b2fae819d7e2f98c55dcfb5dcc2d6a95885dd",
            "esm1b-legacy 42 reference b915e85c82d94eff7b9b4a1b28a3f2da533fbcfb4deefc211f5c775acbea144d",
            "esm1b-legacy 42 permute e8b65b0eb200e040b0db652448ed07e8e3698c649fe49fc510f863455422ae0a",
            "esm1b-legacy 42 resample 8df5119e3f180a357e81982c5dad0f5c6694f500930569ee67ddbb95af246347",
            "esm1b-legacy 0 pretrained fb46738253832c08518545ff3072f6c9aef54af6c063162a091f12c61db3c466",
            "esm1b-legacy 0 full 1daa921b3f6126f6451f7d80b8c2015eca9e32a72152f0dd699adf4d27ea07e2",
            "esm1b-legacy 0 reference 4a9cb4e5830349e04516c15ec4668776a7361152bf212d32581865286644a4df",
            "esm1b-legacy 0 permute 6384e11162ec0e636ecd5c34669dbce23d88222089ce3a7c5b80ea35a9272649",
            "esm1b-legacy 0 resample ed5e68c957b321ced4803d274df15f618d184d0d8e29024a130bfdedc3c64c3a",
            "esm1 42 pretrained 0fde0118be2de0f78e595c96940166e4f36ae79c9964bb4ee4ab280ba02a7414",
            "esm1 42 full 72e0eb6d93ee52eb534e4f493bf3de6781f321fbb22eb999bd5b3af581190146",
            "esm1 42 reference 8a0b2a31642a848a61fd13f43b8301cef5175f328f092a869d1b657195c2ad42",
            "esm1 42 permute 6e6e343a4f95d8bf14cd824a9e8f7a77876b3be1a683bff685611e6499d1e249",
            "esm1 42 resample 26bac0ea2b6f4b659440ca76849d2d31904bb3b1ce84f3f1536add12f4136b01",
            "esm1 0 pretrained 0fde0118be2de0f78e595c96940166e4f36ae79c9964bb4ee4ab280ba02a7414",
            "esm1 0 full 289dc3eb0b4abc57d1afd73429c50026014ea662edfc16c7e7ce0cd3c52275e2",
            "esm1 0 reference b6383ff7237e0476303b67407f98b009932d526194e9ca7533b1a5ac6ee913c7",
            "esm1 0 permute a9147250c185f97bb5276ab73bde40f20d7ddee9d24af0f09ca0f98dc6424318",
            "esm1 0 resample 9bfa57cdbde857c7d44aebbaa64a1f4abceb6554f38d18348d89063e19f24f66",
            "esm1-legacy 42 pretrained e1e9f1d2ac3aa59d9ef0a74d5867b3ef02906832d6349cf6fb2d227e3bcbf99e",
            "esm1-legacy 42 full cec13b8552e2a602218022b76fdf5161ffaff97878301880b4f7ad289202ceff",
            "esm1-legacy 42 reference b57f632ef923a212c4ef0dfa1079aad447de4c5621d3e4cd6ae84960a0d54888",
            "esm1-legacy 42 permute daec8b989841a92371c6797f04154dfc2707581b1e51d32e9ab01cc9b8c3c40f",
            "esm1-legacy 42 resample 93b9ea4c128ebec749a922bbcefb5c5c70fcd266a008e6d2c9da9c116b49b4f9",
            "esm1-legacy 0 pretrained e1e9f1d2ac3aa59d9ef0a74d5867b3ef02906832d6349cf6fb2d227e3bcbf99e",
            "esm1-legacy 0 full de5b73fdb77a2e6080efbf7a24e97ed2bf9fe6d60ae69b802b2a1c0c03b0f989",
            "esm1-legacy 0 reference 285b0a196d57da5737ae0d98614e6b9c0565c8aed9a299ec513259586e729d74",
            "esm1-legacy 0 permute 5b28b5e4f23f669bf64f352c9799efa661b4c8a32aa392936f683697a35d7537",
            "esm1-legacy 0 resample 33730a006ee427014f437eb474c59350a5686ef21520775e2d097345189dbf01",
            "carp 42 pretrained 985440362a88b7c7283735043f946f6037ba18bcf1890564750e6ef460f59344",
            "carp 42 full 5b58b498bdaaddbc0cb08991991e1acb5c190ad8a2547cc86c358a9336e82ec4",
            "carp 42 reference f3758e224ab6bd4368c5213c7a8c6e927035bb457a2a8d5d1d6e62f71ea5167b",
            "carp 42 permute 09042fb5a117cf1525692bf970f8355c801480075721b130be272f5906ccbd66",
            "carp 42 resample e264d5f7847c2906d9051063f7c778473ef573067f53acab681b5d5e536a9d74",
            "carp 0 pretrained 985440362a88b7c7283735043f946f6037ba18bcf1890564750e6ef460f59344",
            "carp 0 full 30623d7a84a3b4b8fafb013a296ee1236cf9b74f4dfa8bd1d422983ae97c7ec8",
            "carp 0 reference 0e468c023c12c62a6dda511d31dd3bcc7943c42b03dc058ffbc7a046a88b675f",
            "carp 0 permute c0ef34404421f45dfabff997c5ba14eabd69a6fe0d38333e1c7f59b6f88e2975",
            "carp 0 resample 59e14a4c846f0848210bdf430048030b61fe901dfba061197c5e1f656208db7f",
            "carp-legacy 42 pretrained 985440362a88b7c7283735043f946f6037ba18bcf1890564750e6ef460f59344",
            "carp-legacy 42 full 5b58b498bdaaddbc0cb08991991e1acb5c190ad8a2547cc86c358a9336e82ec4",
            "carp-legacy 42 reference f3758e224ab6bd4368c5213c7a8c6e927035bb457a2a8d5d1d6e62f71ea5167b",
            "carp-legacy 42 permute 09042fb5a117cf1525692bf970f8355c801480075721b130be272f5906ccbd66",
            "carp-legacy 42 resample e264d5f7847c2906d9051063f7c778473ef573067f53acab681b5d5e536a9d74",
            "carp-legacy 0 pretrained 985440362a88b7c7283735043f946f6037ba18bcf1890564750e6ef460f59344",
            "carp-legacy 0 full 30623d7a84a3b4b8fafb013a296ee1236cf9b74f4dfa8bd1d422983ae97c7ec8",
            "carp-legacy 0 reference 0e468c023c12c62a6dda511d31dd3bcc7943c42b03dc058ffbc7a046a88b675f",
            "carp-legacy 0 permute c0ef34404421f45dfabff997c5ba14eabd69a6fe0d38333e1c7f59b6f88e2975",
            "carp-legacy 0 resample 59e14a4c846f0848210bdf430048030b61fe901dfba061197c5e1f656208db7f");

    @Test
    void everyVariantGivesTheBytesOfTheWholeCheckpointImplementation() throws Exception {
        for (String line : BEFORE_STREAMING) {
            String[] f = line.split(" ");
            String family = f[0].replace("-legacy", "");
            boolean legacy = f[0].endsWith("-legacy");
            long seed = Long.parseLong(f[1]);
            Path file = legacy ? GoldenFixtures.legacyCheckpoint(family) : GoldenFixtures.checkpoint(family);
            Checkpoint original = legacy ? CheckpointReader.read(file) : CheckpointReader.readWithContactRegression(file);
            Checkpoint variant = switch (f[2]) {
                case "pretrained" -> original;
                case "full" -> RandomInit.apply(original, RandomInit.Flavour.FULL, seed);
                case "reference" -> RandomInit.apply(original, RandomInit.Flavour.REFERENCE, seed);
                case "permute" -> StatTransfer.permute(original, seed);
                case "resample" -> StatTransfer.resample(original, seed);
                default -> throw new IllegalArgumentException(f[2]);
            };
            assertEquals(f[3], VariantFixtures.digest(variant), line);
            // a lazy tensor is recomputed on each load, identically
            assertEquals(f[3], VariantFixtures.digest(variant), line + " (second load)");
        }
    }

    @Test
    void variantsReadNothingUntilAskedAndKeepTheTies() throws Exception {
        Checkpoint esm1b = CheckpointReader.read(GoldenFixtures.checkpoint("esm1b"));
        for (Tensor t : esm1b.state().values()) {
            assertEquals(false, t.inMemory() && t.numel() > 0, "reader tensors are handles");
        }
        Checkpoint reference = RandomInit.apply(esm1b, RandomInit.Flavour.REFERENCE, 42);
        // ESM-1b REFERENCE: the xavier lm_head.weight also overwrites the token embedding
        org.junit.jupiter.api.Assertions.assertArrayEquals(reference.tensor("lm_head.weight").data(),
                reference.tensor("embed_tokens.weight").data());
        Checkpoint full = RandomInit.apply(CheckpointReader.read(GoldenFixtures.checkpoint("esm2")), RandomInit.Flavour.FULL, 42);
        org.junit.jupiter.api.Assertions.assertArrayEquals(full.tensor("embed_tokens.weight").data(),
                full.tensor("lm_head.weight").data());
        // each load is the caller's own copy
        float[] a = full.tensor("lm_head.weight").data();
        a[0] += 1;
        assertEquals(false, a[0] == full.tensor("embed_tokens.weight").data()[0]);
    }
}
