package dev.plmlab.report.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics against scipy 1.10 / numpy 1.24 on the inputs and outputs stored by
 * {@code libs/report/bench/stats_scipy_fixture.py} (see libs/report/bench/README.md): t-test
 * p-values to 1e-9 absolute, t and df to 1e-9 relative, Holm and the paired bootstrap to 1e-12.
 */
class StatsScipyFixtureTest {
    private static final double P_TOLERANCE = 1e-9;
    private static final double T_RELATIVE = 1e-9;
    private static final double BOOTSTRAP_TOLERANCE = 1e-12;

    private static JsonNode fixture;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = StatsScipyFixtureTest.class.getResourceAsStream("/stats-scipy.json")) {
            assertNotNull(in, "stats-scipy.json is missing from the test resources");
            fixture = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void oneSampleTTestsMatchScipy() {
        JsonNode cases = fixture.get("one_sample");
        assertTrue(cases.size() >= 10);
        for (JsonNode c : cases) {
            double[] sample = doubles(c.get("sample"));
            double popmean = c.get("popmean").asDouble();
            String name = c.get("name").asText();
            check(name + " (less)", c.get("less"), OneSampleTTest.less(sample, popmean),
                    c.get("scipy_near_constant").asBoolean(), false);
            check(name + " (greater)", c.get("greater"), OneSampleTTest.greater(sample, popmean),
                    c.get("scipy_near_constant").asBoolean(), false);
        }
    }

    @Test
    void welchTTestsMatchScipy() {
        JsonNode cases = fixture.get("welch");
        assertTrue(cases.size() >= 8);
        for (JsonNode c : cases) {
            TTestResult actual = WelchTTest.greater(doubles(c.get("a")), doubles(c.get("b")));
            JsonNode expected = c.get("greater");
            // scipy's df is a placeholder 1 where it is undefined (both variances 0, or an n of 1)
            boolean dfUndefined = c.get("both_variances_zero").asBoolean() || Double.isNaN(number(expected.get("p")));
            check(c.get("name").asText(), expected, actual, c.get("scipy_near_constant").asBoolean(), dfUndefined);
        }
    }

    @Test
    void holmMatchesStatsmodelsRule() {
        for (JsonNode c : fixture.get("holm")) {
            double[] expected = doubles(c.get("adjusted"));
            double[] actual = Holm.adjust(doubles(c.get("p")));
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertClose(expected[i], actual[i], BOOTSTRAP_TOLERANCE, c.get("name").asText() + " [" + i + "]");
            }
        }
    }

    @Test
    void splittableRandomIsTheStreamThePythonSideDrew() {
        for (JsonNode stream : fixture.get("splittable_random")) {
            SplittableRandom random = new SplittableRandom(stream.get("seed").asLong());
            int bound = stream.get("bound").asInt();
            for (JsonNode expected : stream.get("first")) {
                assertEquals(expected.asInt(), random.nextInt(bound), "seed " + stream.get("seed"));
            }
        }
    }

    @Test
    void pairedBootstrapMatchesNumpy() {
        JsonNode cases = fixture.get("paired_bootstrap");
        assertTrue(cases.size() >= 4);
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            int units;
            ToDoubleFunction<int[]> difference;
            switch (c.get("kind").asText()) {
                case "spearman_difference" -> {
                    double[] truth = doubles(c.get("truth"));
                    double[] a = doubles(c.get("a"));
                    double[] b = doubles(c.get("b"));
                    units = truth.length;
                    difference = spearmanDifference(truth, a, b);
                }
                case "pooled_accuracy_difference" -> {
                    int[] correctA = ints(c.get("correct_a"));
                    int[] correctB = ints(c.get("correct_b"));
                    int[] scored = ints(c.get("scored"));
                    units = scored.length;
                    difference = indices -> {
                        long a = 0;
                        long b = 0;
                        long total = 0;
                        for (int u : indices) {
                            a += correctA[u];
                            b += correctB[u];
                            total += scored[u];
                        }
                        return total == 0 ? Double.NaN : (double) a / total - (double) b / total;
                    };
                }
                default -> throw new AssertionError("unknown kind in " + name);
            }
            PairedBootstrapResult r = PairedBootstrap.greaterThanZero(units, difference,
                    c.get("resamples").asInt(), c.get("level").asDouble(), c.get("seed").asLong());
            assertEquals(c.get("resamples").asInt(), r.resamples(), name);
            assertEquals(c.get("kept").asInt(), r.kept(), name);
            assertClose(number(c.get("observed")), r.observed(), BOOTSTRAP_TOLERANCE, name + " observed");
            assertClose(number(c.get("ci_low")), r.ciLow(), BOOTSTRAP_TOLERANCE, name + " ci low");
            assertClose(number(c.get("ci_high")), r.ciHigh(), BOOTSTRAP_TOLERANCE, name + " ci high");
            assertClose(number(c.get("p")), r.p(), BOOTSTRAP_TOLERANCE, name + " p");
        }
    }

    private static ToDoubleFunction<int[]> spearmanDifference(double[] truth, double[] a, double[] b) {
        SpearmansCorrelation spearman = new SpearmansCorrelation();
        double[] t = new double[truth.length];
        double[] x = new double[truth.length];
        double[] y = new double[truth.length];
        return indices -> {
            for (int i = 0; i < indices.length; i++) {
                t[i] = truth[indices[i]];
                x[i] = a[indices[i]];
                y[i] = b[indices[i]];
            }
            return spearman.correlation(t, x) - spearman.correlation(t, y);
        };
    }

    /**
     * Where numpy's mean of equal values is off by rounding (0.1 three times), scipy gets a tiny
     * variance and a huge finite t; {@link Sample} uses the exact 0 and gets an infinite t.
     */
    private static void check(String name, JsonNode expected, TTestResult actual, boolean scipyNearConstant,
                              boolean dfUndefined) {
        double t = number(expected.get("t"));
        if (scipyNearConstant) {
            assertTrue(Double.isInfinite(actual.t()) && Math.signum(actual.t()) == Math.signum(t),
                    name + ": t " + actual.t() + " vs scipy's " + t);
        } else {
            assertRelative(t, actual.t(), name + " t");
        }
        if (dfUndefined) {
            assertTrue(Double.isNaN(actual.df()), name + ": df " + actual.df());
        } else {
            assertRelative(number(expected.get("df")), actual.df(), name + " df");
        }
        assertClose(number(expected.get("p")), actual.p(), P_TOLERANCE, name + " p");
    }

    private static void assertRelative(double expected, double actual, String what) {
        if (!Double.isFinite(expected)) {
            assertEquals(expected, actual, what);
        } else {
            assertEquals(expected, actual, T_RELATIVE * Math.abs(expected), what);
        }
    }

    private static void assertClose(double expected, double actual, double tolerance, String what) {
        if (!Double.isFinite(expected)) {
            assertEquals(expected, actual, what);
        } else {
            assertEquals(expected, actual, tolerance, what);
        }
    }

    /** A JSON number, or one of the strings "NaN", "Infinity", "-Infinity" the script writes. */
    private static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(array.get(i));
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
