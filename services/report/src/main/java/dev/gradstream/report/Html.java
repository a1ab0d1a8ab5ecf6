package dev.gradstream.report;

import java.util.Base64;
import java.util.Locale;

/** Small HTML builder for the report: escaping, tables, embedded PNGs. */
final class Html {

    private final StringBuilder sb = new StringBuilder(1 << 16);

    Html raw(String html) {
        sb.append(html);
        return this;
    }

    Html text(String text) {
        sb.append(escape(text));
        return this;
    }

    Html element(String tag, String text) {
        return raw("<" + tag + ">").text(text).raw("</" + tag + ">\n");
    }

    /** An image from PNG bytes as a data: URI, so the page needs no other file. */
    Html png(byte[] png, String alt) {
        return raw("<figure><img alt=\"").text(alt).raw("\" src=\"data:image/png;base64,")
                .raw(Base64.getEncoder().encodeToString(png)).raw("\"></figure>\n");
    }

    Html tableStart(String... headers) {
        raw("<table><thead><tr>");
        for (String h : headers) {
            raw("<th>").text(h).raw("</th>");
        }
        return raw("</tr></thead><tbody>\n");
    }

    Html row(String... cells) {
        raw("<tr>");
        for (String c : cells) {
            raw("<td>").text(c).raw("</td>");
        }
        return raw("</tr>\n");
    }

    Html tableEnd() {
        return raw("</tbody></table>\n");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** 4 decimals, "n/a" for NaN or a missing value. */
    static String fixed(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Scientific notation for differences spanning many orders of magnitude. */
    static String sci(double v) {
        return String.format(Locale.ROOT, "%.3e", v);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
