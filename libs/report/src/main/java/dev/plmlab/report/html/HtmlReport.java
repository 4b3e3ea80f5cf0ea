package dev.plmlab.report.html;

import dev.plmlab.report.document.Block;
import dev.plmlab.report.document.Bullets;
import dev.plmlab.report.document.Heatmap;
import dev.plmlab.report.document.LinePlot;
import dev.plmlab.report.document.Paragraph;
import dev.plmlab.report.document.ReportDocument;
import dev.plmlab.report.document.Section;
import dev.plmlab.report.document.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link ReportDocument} as one self-contained HTML5 page: no network at all (a Content-Security-Policy
 * that allows only the page's own inline style and script, by hash), every string escaped, plots drawn as SVG
 * here so they show with scripts off, and a small script that sorts tables. The same document gives the same
 * bytes.
 */
public final class HtmlReport {

    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("table-sort.js");
    private static final String CSP = "default-src 'none'; style-src '" + sha256(CSS) + "'; script-src '"
            + sha256(SCRIPT) + "'; img-src data:; base-uri 'none'; form-action 'none'";

    private HtmlReport() {
    }

    /** The page for {@code document}. */
    public static String render(ReportDocument document) {
        Ids ids = new Ids();
        List<Section> sections = document.sections() == null ? List.of() : document.sections();
        String[] sectionIds = new String[sections.size()];
        for (int i = 0; i < sections.size(); i++) {
            sectionIds[i] = ids.take("section-" + (i + 1));
        }

        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"generator\" content=\"plmlab\">\n")
                .append("<title>").append(HtmlEscape.text(document.title())).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main class=\"plmlab-report\">\n");
        out.append("<h1>").append(HtmlEscape.text(document.title())).append("</h1>\n");
        for (String p : document.summary() == null ? List.<String>of() : document.summary()) {
            out.append("<p class=\"summary\">").append(HtmlEscape.text(p)).append("</p>\n");
        }
        if (sections.size() > 1) {
            out.append("<nav class=\"toc\" aria-label=\"Contents\"><span class=\"toc-title\">Contents</span>\n<ol>\n");
            for (int i = 0; i < sections.size(); i++) {
                out.append("<li class=\"level-").append(level(sections.get(i))).append("\"><a href=\"#")
                        .append(sectionIds[i]).append("\">").append(HtmlEscape.text(sections.get(i).title()))
                        .append("</a></li>\n");
            }
            out.append("</ol>\n</nav>\n");
        }
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            int level = level(s);
            out.append("<section id=\"").append(sectionIds[i]).append("\" class=\"level-").append(level).append("\">\n")
                    .append("<h").append(level).append('>').append(HtmlEscape.text(s.title())).append("</h")
                    .append(level).append(">\n");
            for (Block block : s.blocks() == null ? List.<Block>of() : s.blocks()) {
                out.append(block(block, ids));
            }
            out.append("</section>\n");
        }
        out.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static String block(Block block, Ids ids) {
        if (block instanceof Paragraph p) {
            return "<p>" + HtmlEscape.text(p.text()) + "</p>\n";
        }
        if (block instanceof Bullets b) {
            List<String> items = b.items() == null ? List.of() : b.items();
            if (items.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder("<ul>\n");
            for (String item : items) {
                out.append("<li>").append(HtmlEscape.text(item)).append("</li>\n");
            }
            return out.append("</ul>\n").toString();
        }
        if (block instanceof Table t) {
            return HtmlTable.render(t, ids.take(t.id()));
        }
        if (block instanceof LinePlot plot) {
            return SvgLinePlot.render(plot, ids.take(plot.id()));
        }
        if (block instanceof Heatmap map) {
            return SvgHeatmap.render(map, ids.take(map.id()));
        }
        throw new IllegalArgumentException("no HTML for " + block.getClass().getName());
    }

    private static int level(Section s) {
        return Math.max(2, Math.min(6, s.level()));
    }

    /** Element ids, sanitized and made unique in the page, with the suffixes the plots derive from them. */
    private static final class Ids {
        private static final String[] DERIVED = {"", "-title", "-scale", "-missing"};
        private final Set<String> used = new HashSet<>();

        String take(String raw) {
            String base = HtmlEscape.id(raw);
            String candidate = base;
            for (int n = 2; !free(candidate); n++) {
                candidate = base + "-" + n;
            }
            for (String suffix : DERIVED) {
                used.add(candidate + suffix);
            }
            return candidate;
        }

        private boolean free(String id) {
            for (String suffix : DERIVED) {
                if (used.contains(id + suffix)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + HtmlReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
