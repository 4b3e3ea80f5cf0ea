package dev.plmlab.science.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Bootstrap}'s intervals against scipy.stats.spearmanr and numpy.quantile on the same
 * resamples, drawn in Python by a re-implementation of {@link SplittableRandom}. Inputs and
 * outputs come from {@code libs/report/bench/stats_scipy_fixture.py} (see libs/report/bench/README.md),
 * which writes {@code bootstrap-scipy.json}; bounds must agree to 1e-12.
 */
class BootstrapScipyTest {
    private static final double TOLERANCE = 1e-12;

    private static JsonNode fixture;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = BootstrapScipyTest.class.getResourceAsStream("/bootstrap-scipy.json")) {
            assertNotNull(in, "bootstrap-scipy.json is missing from the test resources");
            fixture = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void splittableRandomIsTheStreamThePythonSideDrew() {
        for (JsonNode stream : fixture.get("splittable_random")) {
            SplittableRandom random = new SplittableRandom(stream.get("seed").asLong());
            int bound = stream.get("bound").asInt();
            for (JsonNode expected : stream.get("first")) {
                assertEquals(expected.asInt(), random.nextInt(bound));
            }
        }
    }

    @Test
    void intervalsMatchScipyAndNumpy() {
        JsonNode cases = fixture.get("intervals");
        assertTrue(cases.size() >= 3);
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            Bootstrap bootstrap = new Bootstrap(c.get("resamples").asInt(), c.get("level").asDouble(), c.get("seed").asLong());
            ConfidenceInterval ci = switch (c.get("kind").asText()) {
                case "spearman" -> bootstrap.interval(doubles(c.get("truth")), doubles(c.get("pred")), Spearman::rho);
                case "pooled_accuracy" -> bootstrap.overUnits(c.get("scored").size(),
                        PooledUnits.accuracy(ints(c.get("correct")), ints(c.get("scored"))));
                default -> throw new AssertionError("unknown kind in " + name);
            };
            assertEquals(c.get("low").asDouble(), ci.low(), TOLERANCE, name + " low");
            assertEquals(c.get("high").asDouble(), ci.high(), TOLERANCE, name + " high");
            assertEquals(c.get("level").asDouble(), ci.level(), name);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
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
