package dev.plmlab.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.report.document.Block;
import dev.plmlab.report.document.Bullets;
import dev.plmlab.report.document.Heatmap;
import dev.plmlab.report.document.LinePlot;
import dev.plmlab.report.document.LinePlot.Curve;
import dev.plmlab.report.document.LinePlot.Level;
import dev.plmlab.report.document.LinePlot.Point;
import dev.plmlab.report.document.Paragraph;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.document.Section;
import dev.plmlab.report.document.Table;
import dev.plmlab.report.document.Table.Cell;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlReportTest {

    private static final String PAGE = HtmlReport.render(ReportFixtures.gb1());

    @Test
    void thePageIsOneHtml5DocumentWithTheTitleSummaryAndSections() {
        assertTrue(PAGE.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        assertTrue(PAGE.endsWith("</html>\n"));
        assertTrue(PAGE.contains("<title>GB1 low_vs_high — ESM-2 transfer</title>"));
        assertTrue(PAGE.contains("<h1>GB1 low_vs_high — ESM-2 transfer</h1>"));
        assertEquals(2, count(PAGE, "<p class=\"summary\">"));
        assertEquals(4, count(PAGE, "<h2>") - count(PAGE, "<h2>Contents"), "four level-2 sections");
        assertTrue(PAGE.contains("<h3>Pretraining</h3>"));
        assertTrue(PAGE.contains("<li class=\"level-3\"><a href=\"#section-3\">Pretraining</a></li>"), "contents");
        assertTrue(PAGE.contains("<li>One-hot: the same ridge probe on one-hot encoded sequences.</li>"));
    }

    @Test
    void nothingComesFromTheNetwork() {
        String withoutSvgNamespace = PAGE.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutSvgNamespace.contains("http:"), "no http URL");
        assertFalse(withoutSvgNamespace.contains("https:"), "no https URL");
        assertFalse(PAGE.contains("<link"));
        assertFalse(PAGE.contains("@import"));
        assertFalse(PAGE.contains("@font-face"));
        Matcher refs = Pattern.compile("\\b(?:src|href)=\"([^\"]*)\"").matcher(PAGE);
        while (refs.find()) {
            assertTrue(refs.group(1).startsWith("#"), "a link within the page only: " + refs.group());
        }
        assertEquals(count(PAGE, "url("), count(PAGE.replaceAll("url\\(#[A-Za-z0-9_-]+\\)", "@"), "@") - count(PAGE, "@"),
                "url() only to the page's own gradients and patterns");
        assertTrue(PAGE.contains("default-src 'none'"), "a policy forbids any load");
    }

    @Test
    void thePolicyAllowsExactlyThePagesOwnStyleAndScript() throws Exception {
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(PAGE);
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(PAGE);
        assertTrue(style.find());
        assertTrue(script.find());
        assertTrue(PAGE.contains("style-src '" + sha256(style.group(1)) + "'"));
        assertTrue(PAGE.contains("script-src '" + sha256(script.group(1)) + "'"));
        assertFalse(PAGE.contains(" style=\""), "a style attribute would break the policy");
        assertEquals(1, count(PAGE, "<script"), "one script: the sorter");
    }

    @Test
    void everyPlotIsOneSvgWithTheBlocksIdAndAStableClass() {
        List<Element> svgs = svgs(PAGE);
        assertEquals(ReportFixtures.plotIds(), svgs.stream().map(s -> s.getAttribute("id")).toList());
        for (Element svg : svgs) {
            assertTrue(svg.getAttribute("class").startsWith("plmlab-plot "), svg.getAttribute("class"));
            assertEquals(svg.getAttribute("id") + "-title", svg.getAttribute("aria-labelledby"));
        }
    }

    @Test
    void theLayerPlotHasALinePerCurveBandsForAblationsTheOneHotLineAndALegend() {
        Element svg = svg(PAGE, ReportFixtures.LAYER_PLOT);
        List<Element> lines = elements(svg, "polyline");
        assertEquals(List.of("random-init", "stat-transfer", "permute", "ESM-2 t6_8M (pretrained)"),
                lines.stream().map(l -> l.getAttribute("data-series")).toList(), "ablations first, the model on top");
        Element pretrained = lines.get(3);
        assertEquals("curve pretrained", pretrained.getAttribute("class"));
        assertEquals("3", pretrained.getAttribute("stroke-width"));
        assertEquals("", pretrained.getAttribute("stroke-dasharray"));
        assertEquals(7, pretrained.getAttribute("points").split(" ").length);
        for (Element ablation : lines.subList(0, 3)) {
            assertEquals("curve ablation", ablation.getAttribute("class"));
            assertEquals("7 4", ablation.getAttribute("stroke-dasharray"));
        }
        assertEquals(6, lines.get(2).getAttribute("points").split(" ").length, "permute's NaN layer left out");
        assertEquals(List.of(Palette.curve(1), Palette.curve(2), Palette.curve(3), Palette.curve(0)),
                lines.stream().map(l -> l.getAttribute("stroke")).toList(), "colours follow the document's order");

        List<Element> bands = withClass(elements(svg, "polygon"), "band");
        assertEquals(List.of("random-init", "stat-transfer", "permute"),
                bands.stream().map(b -> b.getAttribute("data-series")).toList());
        assertEquals(14, bands.get(0).getAttribute("points").split(" ").length, "7 points up, 7 back");
        assertEquals(12, bands.get(2).getAttribute("points").split(" ").length);

        List<Element> levelLines = withClass(elements(svg, "line"), "level-line");
        assertEquals(1, levelLines.size());
        assertEquals(Palette.LEVELS.get(0), levelLines.get(0).getAttribute("stroke"));
        assertEquals("8 5", levelLines.get(0).getAttribute("stroke-dasharray"));
        assertEquals(1, withClass(elements(svg, "rect"), "level-band").size(), "one-hot's ± std band");

        List<Element> legend = withClass(elements(svg, "g"), "legend-entry");
        assertEquals(List.of("ESM-2 t6_8M (pretrained)", "random-init", "stat-transfer", "permute",
                "one-hot (0.171 ± 0.009)"), legend.stream().map(e -> e.getElementsByTagName("text").item(0)
                .getTextContent()).toList());

        assertTrue(PAGE.contains("No score (NaN), not drawn: permute at layer 4."), "the gap is explained");
    }

    @Test
    void everyPointHasATooltipWithTheExactMeanStdAndN() {
        Element svg = svg(PAGE, ReportFixtures.LAYER_PLOT);
        List<Element> markers = withClass(allElements(svg), "marker").stream()
                .filter(m -> m.getElementsByTagName("title").getLength() == 1).toList();
        assertEquals(7 + 7 + 7 + 6, markers.size());
        List<String> tips = markers.stream().map(m -> m.getElementsByTagName("title").item(0).getTextContent()).toList();
        assertTrue(tips.contains("random-init, layer 2: 0.125 ± 0.019 (n=3)"), tips.toString());
        assertTrue(tips.contains("ESM-2 t6_8M (pretrained), layer 4: 0.388 (n=1)"), tips.toString());
    }

    @Test
    void modelSizesAreOnALogAxisLabelledWithTheirNames() {
        Element svg = svg(PAGE, ReportFixtures.SIZE_PLOT);
        assertTrue(texts(svg).contains("parameters (log scale)"));
        assertTrue(texts(svg).containsAll(List.of("t6_8M", "t12_35M", "t30_150M", "t33_650M")));
        String[] points = elements(svg, "polyline").get(1).getAttribute("points").split(" ");
        double[] x = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            x[i] = Double.parseDouble(points[i].split(",")[0]);
        }
        double perDecade = (x[3] - x[0]) / Math.log10(650e6 / 7.5e6);
        assertEquals(Math.log10(35e6 / 7.5e6) * perDecade, x[1] - x[0], 0.05);
        assertEquals(Math.log10(150e6 / 35e6) * perDecade, x[2] - x[1], 0.05);
    }

    @Test
    void aLogAxisWithoutCategoriesHasDecadeTicks() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            points.add(new Point(Math.pow(10, 3 + i * 0.25), "", 0.1 + i * 0.01, Double.NaN, 1));
        }
        String page = HtmlReport.render(doc(new LinePlot("p", "t", "tokens", "ρ", true,
                List.of(new Curve("c", "other", points)), List.of())));
        List<String> texts = texts(svg(page, "p"));
        assertTrue(texts.containsAll(List.of("1k", "10k", "100k", "1M", "10M")), texts.toString());
    }

    @Test
    void longCategoryLabelsAreTurnedSoTheyDoNotCollide() {
        String[] names = {"esm2_t6_8M_UR50D", "esm2_t12_35M_UR50D", "esm2_t30_150M_UR50D", "esm2_t33_650M_UR50D",
            "esm2_t36_3B_UR50D", "esm2_t48_15B_UR50D"};
        double[] sizes = {8e6, 35e6, 150e6, 650e6, 3e9, 15e9};
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            points.add(new Point(sizes[i], names[i], 0.3 + 0.02 * i, 0.01, 3));
        }
        Element svg = svg(HtmlReport.render(doc(new LinePlot("sizes", "t", "model", "ρ", true,
                List.of(new Curve("c", "ablation", points)), List.of()))), "sizes");
        List<Element> turned = elements(svg, "text").stream()
                .filter(t -> t.getAttribute("transform").startsWith("rotate(-35")).toList();
        assertEquals(List.of(names), turned.stream().map(Element::getTextContent).toList());
    }

    @Test
    void aLogAxisWithAZeroFallsBackToLinearAndSaysSo() {
        String page = HtmlReport.render(doc(new LinePlot("p", "t", "fraction", "ρ", true,
                List.of(new Curve("c", "pretrained", List.of(new Point(0, "0", 0.1, Double.NaN, 1),
                        new Point(1, "1", 0.3, Double.NaN, 1)))), List.of())));
        assertTrue(page.contains("x is on a linear scale"));
        assertFalse(texts(svg(page, "p")).contains("fraction (log scale)"));
    }

    @Test
    void aSinglePointIsDrawnWithAPaddedRange() {
        String page = HtmlReport.render(doc(new LinePlot("one", "t", "layer", "ρ", false,
                List.of(new Curve("c", "ablation", List.of(new Point(3, "3", 0.25, Double.NaN, 1)))), List.of())));
        Element svg = svg(page, "one");
        assertEquals(1, withClass(allElements(svg), "marker").stream()
                .filter(m -> m.getElementsByTagName("title").getLength() == 1).count());
        List<String> yTicks = yTickLabels(svg);
        assertTrue(yTicks.size() >= 3 && yTicks.stream().distinct().count() == yTicks.size(), yTicks.toString());
    }

    @Test
    void allEqualValuesGetARangeAroundThem() {
        List<Point> flat = List.of(new Point(0, "0", 0.5, 0, 3), new Point(1, "1", 0.5, 0, 3), new Point(2, "2", 0.5, 0, 3));
        String page = HtmlReport.render(doc(new LinePlot("flat", "t", "layer", "ρ", false,
                List.of(new Curve("c", "pretrained", flat)), List.of(new Level("one-hot", 0.5, Double.NaN)))));
        List<String> yTicks = yTickLabels(svg(page, "flat"));
        assertTrue(yTicks.size() >= 3, yTicks.toString());
        double lo = Double.parseDouble(yTicks.get(0));
        double hi = Double.parseDouble(yTicks.get(yTicks.size() - 1));
        assertTrue(lo < 0.5 && hi > 0.5, yTicks.toString());
    }

    @Test
    void aPlotWithoutDataSaysSoInsteadOfDrawingEmptyAxes() {
        String page = HtmlReport.render(doc(new LinePlot("empty", "GB1 by layer", "layer", "ρ", false,
                List.of(new Curve("c", "pretrained", List.of()),
                        new Curve("d", "ablation", List.of(new Point(0, "0", Double.NaN, Double.NaN, 0)))),
                List.of(new Level("one-hot", 0.171, 0.009)))));
        assertEquals(List.of(), svgs(page));
        assertTrue(page.contains("<div class=\"plmlab-nodata\" id=\"empty\" role=\"note\"><strong>GB1 by layer</strong>: no data"));
        assertTrue(page.contains("one-hot 0.171 ± 0.009"));
        assertTrue(HtmlReport.render(doc(new LinePlot("none", "t", "x", "y", false, List.of(), List.of())))
                .contains("no data"));
    }

    @Test
    void theHeatmapColoursFiniteCellsHatchesTheGapAndHasAColourBar() {
        Element svg = svg(PAGE, ReportFixtures.HEATMAP);
        List<Element> cells = withClass(elements(svg, "g"), "cell");
        assertEquals(12, cells.size());
        List<Element> missing = cells.stream().filter(c -> c.getAttribute("class").equals("cell missing")).toList();
        assertEquals(1, missing.size());
        assertEquals("–", missing.get(0).getElementsByTagName("text").item(0).getTextContent());
        assertEquals("url(#tasks-by-model-missing)",
                ((Element) missing.get(0).getElementsByTagName("rect").item(0)).getAttribute("fill"));
        List<String> texts = texts(svg);
        assertTrue(texts.containsAll(List.of("0.171", "0.802", "0.601", "GB1 low_vs_high", "Meltome mixed", "t30_150M",
                "one-hot", "– no score")), texts.toString());
        String lowest = ((Element) cells.get(0).getElementsByTagName("rect").item(0)).getAttribute("fill");
        String highest = ((Element) cells.get(7).getElementsByTagName("rect").item(0)).getAttribute("fill");
        assertEquals(Palette.viridis(0), lowest);
        assertEquals(Palette.viridis(1), highest);
        assertEquals(1, elements(svg, "linearGradient").size());
    }

    @Test
    void tablesCarrySortKeysAndTheSorterWorksForEveryTable() {
        assertTrue(PAGE.contains("<table class=\"plmlab-table\" id=\"results\">"));
        assertTrue(PAGE.contains("<caption>Every fit on GB1 low_vs_high: mean over seeds."));
        assertTrue(PAGE.contains("<th scope=\"col\" tabindex=\"0\" aria-sort=\"none\" data-col=\"5\" class=\"num\">Spearman ρ</th>"));
        assertTrue(PAGE.contains("<td class=\"num\" data-sort=\"0.388\">0.388</td>"));
        assertTrue(PAGE.contains("<td class=\"num\">–</td>"), "the failed run has no key and sorts by text");
        assertEquals(30 + 1, count(PAGE.substring(PAGE.indexOf("id=\"results\"")), "<tr>"));
        assertTrue(PAGE.contains("document.querySelectorAll(\"table.plmlab-table\")"), "the sorter binds every table");
    }

    @Test
    void everyUntrustedStringIsEscaped() {
        String evil = "<script>alert('x')</script> & \"quoted\" <b>";
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; &lt;b&gt;";
        Table table = new Table("t\" onclick=\"alert(1)", evil, List.of(evil, "n"),
                List.of(List.of(Cell.text(evil), Cell.number(evil, 1))));
        LinePlot plot = new LinePlot("p><script>", evil, evil, evil, false,
                List.of(new Curve(evil, "ablation", List.of(new Point(0, evil, 0.1, 0.01, 3), new Point(1, evil, 0.2, 0.01, 3)))),
                List.of(new Level(evil, 0.15, 0.01)));
        Heatmap map = new Heatmap("h'", evil, List.of(evil), List.of(evil), new double[][] {{0.5}}, evil);
        ReportDocument document = new ReportDocument(evil, List.of(evil), List.of(new Section(evil, 2,
                List.of(new Paragraph(evil), new Bullets(List.of(evil)), table, plot, map))));
        String page = HtmlReport.render(document);

        assertEquals(1, count(page, "<script"), "only the page's own script");
        assertFalse(page.contains("<b>"));
        assertFalse(page.contains("'x'"));
        assertFalse(page.contains("onclick=\""));
        assertTrue(count(page, escaped) >= 15, "title, summary, section, paragraph, bullet, caption, heading, cells, "
                + "plot title, axis, curve, level, heatmap labels: " + count(page, escaped));
        assertTrue(page.contains("id=\"t--onclick--alert-1-\""), "ids are reduced to safe characters");
        assertTrue(page.contains("id=\"p--script-\""));
        assertTrue(page.contains("id=\"h-\""));
        assertEquals(2, svgs(page).size(), "the SVGs still parse as XML");
    }

    @Test
    void idsStayUniqueWhenBlocksShareOne() {
        LinePlot a = ReportFixtures.layerPlot();
        String page = HtmlReport.render(doc(a, a, ReportFixtures.heatmap()));
        assertEquals(List.of("gb1-layers", "gb1-layers-2", "tasks-by-model"),
                svgs(page).stream().map(s -> s.getAttribute("id")).toList());
    }

    @Test
    void theSameDocumentGivesTheSameBytes() {
        assertEquals(PAGE, HtmlReport.render(ReportFixtures.gb1()));
        assertNotEquals(PAGE, HtmlReport.render(doc(ReportFixtures.layerPlot())));
    }

    // ---- helpers

    static ReportDocument doc(Block... blocks) {
        return new ReportDocument("test", List.of(), List.of(new Section("s", 2, List.of(blocks))));
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** Every inline svg of {@code page}, parsed as XML (so each is also well-formed). */
    static List<Element> svgs(String page) {
        List<Element> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(page);
        while (m.find()) {
            try {
                Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new InputSource(new StringReader(m.group())));
                out.add(d.getDocumentElement());
            } catch (Exception e) {
                throw new AssertionError("an svg is not well-formed: " + e.getMessage() + "\n" + m.group(), e);
            }
        }
        return out;
    }

    static Element svg(String page, String id) {
        return svgs(page).stream().filter(s -> s.getAttribute("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no svg " + id));
    }

    static List<Element> elements(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    static List<Element> allElements(Element root) {
        return elements(root, "*");
    }

    static List<Element> withClass(List<Element> elements, String cls) {
        return elements.stream().filter(e -> List.of(e.getAttribute("class").split(" ")).contains(cls)).toList();
    }

    static List<String> texts(Element svg) {
        return elements(svg, "text").stream().map(Element::getTextContent).toList();
    }

    /** The y tick labels: right-aligned texts in the tick-label group. */
    static List<String> yTickLabels(Element svg) {
        Element group = withClass(elements(svg, "g"), "tick-labels").get(0);
        return elements(group, "text").stream().filter(t -> t.getAttribute("text-anchor").equals("end") && !t.hasAttribute("transform"))
                .map(Element::getTextContent).toList();
    }

    private static String sha256(String s) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
