package dev.plmlab.forge.onnx;

/** ESM-1b graph vs the reference outputs in golden/esm1b/expected.json. */
class Esm1bGoldenParityTest extends GoldenParityCase {

    @Override
    String fixture() {
        return "esm1b";
    }
}
