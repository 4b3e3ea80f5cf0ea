package dev.plmlab.report;

/** Variants as the report orders and draws them: the pretrained model first, then its ablations. */
final class Variants {

    static final String PRETRAINED = "pretrained";

    private Variants() {
    }

    static boolean isAblation(String variant) {
        return variant.startsWith("random-init") || variant.startsWith("stat-transfer");
    }

    static int rank(String variant) {
        return PRETRAINED.equals(variant) ? 0 : isAblation(variant) ? 1 : 2;
    }
}
