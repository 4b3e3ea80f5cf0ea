package dev.plmlab.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {

    @Test
    void linearTicksAreRoundStepsCoveringTheRange() {
        assertEquals(List.of("0.05", "0.10", "0.15", "0.20", "0.25", "0.30", "0.35", "0.40"), labels(Ticks.linear(0.09, 0.4, 7)));
        assertEquals(List.of("0", "2", "4", "6", "8", "10"), labels(Ticks.linear(0, 10, 6)));
        assertEquals(List.of("0.45", "0.50", "0.55"), labels(Ticks.linear(0.45, 0.55, 3)));
        assertEquals(List.of("-0.2", "0.0", "0.2"), labels(Ticks.linear(-0.18, 0.18, 3)));
        assertEquals(List.of("0", "250k", "500k", "750k", "1M"), labels(Ticks.linear(0, 1e6, 5)));
    }

    @Test
    void logTicksAreDecadesWithTwoAndFiveOnShortRanges() {
        assertEquals(List.of("1M", "2M", "5M", "10M", "20M", "50M", "100M"), labels(Ticks.log(1e6, 1e8)));
        assertEquals(List.of("1k", "10k", "100k", "1M", "10M"), labels(Ticks.log(1e3, 1e7)));
        assertEquals(List.of("0.01", "0.02", "0.05", "0.1"), labels(Ticks.log(0.01, 0.1)));
    }

    @Test
    void numbersAreWrittenWithoutLocaleOrExponent() {
        assertEquals("0.612346", Ticks.significant(0.61234567, 6));
        assertEquals("0.0001", Ticks.significant(1e-4, 6));
        assertEquals("0.388", Ticks.fixed(0.388, 3));
        assertEquals("–", Ticks.fixed(Double.NaN, 3));
        assertEquals("0.000", Ticks.fixed(-0.0001, 3));
        assertEquals("3B", Ticks.compact(BigDecimal.valueOf(3_000_000_000L)));
        assertEquals("12.5", Svg.num(12.5));
        assertEquals("0", Svg.num(-0.001));
    }

    private static List<String> labels(List<Ticks.Tick> ticks) {
        return ticks.stream().map(Ticks.Tick::label).toList();
    }
}
