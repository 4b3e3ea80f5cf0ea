package dev.plmlab.forge.onnx;

/** ESM-2 graph vs the reference outputs in golden/esm2/expected.json. */
class Esm2GoldenParityTest extends GoldenParityCase {

    @Override
    String fixture() {
        return "esm2";
    }
}
