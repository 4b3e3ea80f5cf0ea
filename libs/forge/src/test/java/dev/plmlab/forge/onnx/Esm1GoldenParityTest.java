package dev.plmlab.forge.onnx;

/** ESM-1 graph vs the reference outputs in golden/esm1/expected.json. */
class Esm1GoldenParityTest extends GoldenParityCase {

    @Override
    String fixture() {
        return "esm1";
    }
}
