package dev.plmlab.forge.onnx;

/** Builds one family's encoder from the {@code tokens} input. */
interface FamilyGraphBuilder {

    EncoderGraph build(NnOps nn, String tokens, boolean withLogits);
}
