package dev.plmlab.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * What a real report looks like in a real browser: for the reports of real runs (the CLI's local-run test, the
 * acceptance runs), where the fixture's exact plot ids are not known. Run as a program it checks one page:
 * {@code ReportPage REPORT.html SCREENSHOT.png}.
 *
 * @param problems     console errors, uncaught exceptions, failed loads
 * @param requests     every URL the page asked for
 * @param plots        per plot: its id, how many shapes it has and the length of its shortest line in px
 * @param inkedShare   the share of screenshot pixels that are not white
 * @param oneHotPixels pixels of the one-hot level's black
 * @param bandPixels   pixels of the second curve's (first ablation's) band colour over white
 */
public record ReportPage(List<String> problems, List<String> requests, List<String> plots, double inkedShare,
                         long oneHotPixels, long bandPixels) {

    public static ReportPage check(Path html, Path png) throws IOException {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            HeadlessChromium.Load load = chromium.load(html);
            JsonNode drawn = chromium.evaluate("Array.from(document.querySelectorAll('svg.plmlab-plot')).map(s => ({"
                    + "id: s.id, shapes: s.querySelectorAll('polyline, polygon, rect, circle, path, line').length,"
                    + "shortest: Math.min(...Array.from(s.querySelectorAll('polyline')).map(p => p.getTotalLength()))}))");
            List<String> plots = new ArrayList<>();
            for (JsonNode p : drawn) {
                plots.add(p.get("id").asText() + ": " + p.get("shapes").asInt() + " shapes, shortest line "
                        + Math.round(p.get("shortest").asDouble()) + " px");
            }
            chromium.screenshot(png);
            return measured(load, plots, png);
        }
    }

    /** Counts of a screenshot's pixels: not white, the one-hot level's black, the first ablation band's colour. */
    public record Pixels(int width, int height, long inked, long black, long band) {
        public double inkedShare() {
            return inked / (double) ((long) width * height);
        }
    }

    public static Pixels pixels(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        int[] band = Palette.overWhite(Palette.curve(1), Palette.BAND_OPACITY);
        long inked = 0;
        long black = 0;
        long bandPixels = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.min(r, Math.min(g, b)) < 240) {
                    inked++;
                }
                if (Math.max(r, Math.max(g, b)) <= 8) {
                    black++;
                }
                if (Math.abs(r - band[0]) <= 3 && Math.abs(g - band[1]) <= 3 && Math.abs(b - band[2]) <= 3) {
                    bandPixels++;
                }
            }
        }
        return new Pixels(image.getWidth(), image.getHeight(), inked, black, bandPixels);
    }

    private static ReportPage measured(HeadlessChromium.Load load, List<String> plots, Path png) throws IOException {
        Pixels p = pixels(png);
        return new ReportPage(load.problems(), load.requests(), plots, p.inkedShare(), p.black(), p.band());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d problem(s) %s; %d request(s); %d plot(s) %s; %.1f%% inked, %d one-hot black "
                + "pixels, %d ablation-band pixels", problems.size(), problems, requests.size(), plots.size(), plots,
                100 * inkedShare, oneHotPixels, bandPixels);
    }

    public static void main(String[] args) throws IOException {
        System.out.println(check(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath()));
    }
}
