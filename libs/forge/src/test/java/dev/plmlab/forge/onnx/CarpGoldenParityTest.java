package dev.plmlab.forge.onnx;

/** CARP graph vs the reference outputs in golden/carp/expected.json. */
class CarpGoldenParityTest extends GoldenParityCase {

    @Override
    String fixture() {
        return "carp";
    }
}
