package dev.plmlab.report.html;

/** Escaping of untrusted strings (task names, messages) for HTML text, attributes and inline SVG. */
final class HtmlEscape {

    private HtmlEscape() {
    }

    /** {@code s} safe as element text and as a quoted attribute value; null is the empty string. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters other than tab and newline are not allowed in HTML or XML text
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * {@code raw} as an id that needs no quoting in HTML, CSS selectors or SVG references: letters, digits,
     * {@code -} and {@code _}, starting with a letter.
     */
    static String id(String raw) {
        StringBuilder out = new StringBuilder();
        String s = raw == null ? "" : raw;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            out.append(ok ? c : '-');
        }
        if (out.length() == 0) {
            return "block";
        }
        char first = out.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            out.insert(0, "b-");
        }
        return out.toString();
    }
}
