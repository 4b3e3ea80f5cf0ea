package dev.plmlab.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.report.document.Block;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.document.Section;
import dev.plmlab.report.document.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture report in a real headless Chromium: it loads without a console error, an uncaught exception or a
 * network request; every plot is drawn; the tables sort; and the screenshot shows the plots' colours. Kept at
 * {@code target/report-screenshot.png} for a person to look at.
 */
class ReportChromiumIT {

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        HeadlessChromium.assumeAvailable();
    }

    @Test
    void theFixtureReportLoadsCleanlyDrawsEveryPlotAndSorts() throws IOException {
        ReportDocument document = ReportFixtures.gb1();
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.render(document), StandardCharsets.UTF_8);
        Path png = Path.of(System.getProperty("basedir", "."), "target", "report-screenshot.png");

        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            HeadlessChromium.Load load = chromium.load(html);
            assertEquals(List.of(), load.problems(), "console errors, uncaught exceptions or failed loads");
            assertEquals(List.of(html.toUri().toString()), load.requests(), "the page must load nothing but itself");

            // every plot is an svg with shapes of real size, in page order, and the lines have length
            JsonNode plots = chromium.evaluate("Array.from(document.querySelectorAll('svg.plmlab-plot')).map(s => ({"
                    + "id: s.id, shapes: s.querySelectorAll('polyline, polygon, rect, circle, path, line').length,"
                    + "width: s.getBoundingClientRect().width, height: s.getBoundingClientRect().height,"
                    + "lines: Array.from(s.querySelectorAll('polyline')).map(p => p.getTotalLength())}))");
            List<String> ids = new ArrayList<>();
            for (JsonNode plot : plots) {
                String id = plot.get("id").asText();
                ids.add(id);
                assertTrue(plot.get("shapes").asInt() > 20, id + " has " + plot.get("shapes") + " shapes");
                assertTrue(plot.get("width").asDouble() > 300 && plot.get("height").asDouble() > 150,
                        id + " is drawn " + plot.get("width") + " × " + plot.get("height"));
                for (JsonNode length : plot.get("lines")) {
                    assertTrue(length.asDouble() > 100, id + " has a line " + length + " px long");
                }
            }
            assertEquals(ReportFixtures.plotIds(), ids);
            assertEquals(4, plots.get(0).get("lines").size(), "one line per curve on the layer plot");
            assertEquals(0, chromium.evaluate("document.querySelectorAll('script').length - 1").asInt(),
                    "the task name's <script> stayed text");

            chromium.screenshot(png);
            checkScreenshot(png);

            checkSorting(chromium, table(document, ReportFixtures.RESULTS));
        }
    }

    @Test
    void theCheckSeesConsoleErrorsUncaughtExceptionsFailedLoadsAndPolicyViolations() throws IOException {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, """
                <!DOCTYPE html><html><head><meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'; style-src 'none'">
                <title>bad</title></head><body><p style="color: red">styled against the policy</p>
                <img src="http://127.0.0.1:9/missing.png" alt="">
                <script>console.error("deliberate console error"); throw new Error("deliberate uncaught error");</script>
                </body></html>
                """, StandardCharsets.UTF_8);
        List<String> problems;
        List<String> requests;
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            HeadlessChromium.Load load = chromium.load(bad);
            problems = load.problems();
            requests = load.requests();
        }
        String all = String.join("\n", problems);
        System.err.println("what the check saw on the deliberately bad page:\n  " + String.join("\n  ", problems));
        assertTrue(all.contains("console.error: deliberate console error"), all);
        assertTrue(all.contains("uncaught: Error: deliberate uncaught error"), all);
        assertTrue(all.contains("style-src"), "the policy violation: " + all);
        assertTrue(requests.contains("http://127.0.0.1:9/missing.png"), "requests: " + requests);

        // the one-line helper another test would call sees the same
        List<String> again = HeadlessChromium.consoleErrors(bad);
        assertTrue(again.stream().anyMatch(p -> p.contains("deliberate console error")), again.toString());
    }

    /** Enough ink, the one-hot line's black and the random-init band's vermillion over white. */
    private static void checkScreenshot(Path png) throws IOException {
        ReportPage.Pixels pixels = ReportPage.pixels(png);
        assertEquals(HeadlessChromium.WIDTH, pixels.width());
        assertTrue(pixels.height() > 2000, "the whole page, " + pixels.height() + " px tall");
        int[] band = Palette.overWhite(Palette.curve(1), Palette.BAND_OPACITY);
        long black = pixels.black();
        long bandPixels = pixels.band();
        double share = pixels.inkedShare();
        System.err.printf(Locale.ROOT, "screenshot %s: %d × %d px, %.1f%% inked, %d one-hot black, %d band pixels%n",
                png, pixels.width(), pixels.height(), 100 * share, black, bandPixels);
        assertTrue(share > 0.04, "only " + share + " of the page is not white");
        // three plots with a one-hot level: 2 px thick dashes over ~640 px, 8 of every 13 px drawn
        assertTrue(black > 3 * 600, black + " pixels of the one-hot line's black");
        assertTrue(bandPixels > 2000, bandPixels + " pixels of the random-init band's colour " + List.of(band[0], band[1], band[2]));
    }

    /** Numbers ascending then descending with the cell without a number last; text by its words. */
    private static void checkSorting(HeadlessChromium chromium, Table table) throws IOException {
        String id = table.id();
        int col = ReportFixtures.SCORE_COLUMN;
        List<Double> scores = table.rows().stream().map(r -> r.get(col).sortKey()).filter(Double::isFinite)
                .sorted().toList();
        String column = "Array.from(document.querySelectorAll('#" + id + " tbody tr')).map(r => r.cells[" + col
                + "].textContent)";
        String click = "document.querySelector('#" + id + " th[data-col=\"" + col + "\"]').click();";

        JsonNode ascending = chromium.evaluate(click + column);
        assertEquals(Ticks.fixed(scores.get(0), 3), ascending.get(0).asText());
        assertEquals(Ticks.fixed(scores.get(scores.size() - 1), 3), ascending.get(scores.size() - 1).asText());
        assertEquals("–", ascending.get(ascending.size() - 1).asText(), "the failed run sorts last");
        assertEquals("ascending", chromium.evaluate("document.querySelector('#" + id + " th[data-col=\"" + col
                + "\"]').getAttribute('aria-sort')").asText());

        JsonNode descending = chromium.evaluate(click + column);
        assertEquals(Ticks.fixed(scores.get(scores.size() - 1), 3), descending.get(0).asText());
        assertEquals("–", descending.get(descending.size() - 1).asText(), "and last again when reversed");

        // text: by words, punctuation first (the one-hot rows' dash), ties in the page's first order
        String init = "document.querySelector('#" + id + " th[data-col=\"2\"]')";
        JsonNode rows = chromium.evaluate(init + ".click(); Array.from(document.querySelectorAll('#" + id
                + " tbody tr')).map(r => [r.cells[2].textContent, r.cells[3].textContent])");
        List<String> groups = new ArrayList<>();
        List<String> pretrainedLayers = new ArrayList<>();
        for (JsonNode row : rows) {
            String value = row.get(0).asText();
            if (groups.isEmpty() || !groups.get(groups.size() - 1).equals(value)) {
                groups.add(value);
            }
            if (value.equals("pretrained")) {
                pretrainedLayers.add(row.get(1).asText());
            }
        }
        assertEquals(List.of("—", "permute", "pretrained", "random-init", "stat-transfer"), groups);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), pretrainedLayers);
    }

    private static Table table(ReportDocument document, String id) {
        for (Section s : document.sections()) {
            for (Block b : s.blocks()) {
                if (b instanceof Table t && t.id().equals(id)) {
                    return t;
                }
            }
        }
        throw new AssertionError("no table " + id);
    }
}
