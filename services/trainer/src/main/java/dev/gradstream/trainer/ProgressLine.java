package dev.gradstream.trainer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One status line at the bottom of a terminal, shared by the runs that train side by side: a bar per run
 * ({@code [scratch/classify] ████▌     45% epoch 3/20}), redrawn in place at most ten times a second. Lines
 * printed through {@link #println} appear above it. Only for terminals: {@link #forTerminal} says when.
 * Thread-safe: every method locks the line.
 */
final class ProgressLine {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 20;
    private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    private static ProgressLine shared;

    private final PrintStream out;
    private final Map<String, long[]> bars = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private long lastDraw;

    private ProgressLine(PrintStream out) {
        this.out = out;
    }

    /**
     * The line for {@code out} when it is this process's terminal (a console is attached and {@code out} is
     * System.out, TERM not "dumb"); null otherwise, and callers print plain lines instead.
     */
    static synchronized ProgressLine forTerminal(PrintStream out) {
        if (out != System.out || System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            return null;
        }
        if (shared == null) {
            shared = new ProgressLine(out);
        }
        return shared;
    }

    synchronized void start(String name, long total) {
        bars.put(name, new long[] {0, Math.max(1, total)});
        notes.put(name, "");
        draw(true);
    }

    synchronized void update(String name, long done, String note) {
        long[] bar = bars.get(name);
        if (bar != null) {
            bar[0] = done;
            notes.put(name, note);
            draw(false);
        }
    }

    synchronized void finish(String name) {
        bars.remove(name);
        notes.remove(name);
        draw(true);
    }

    /** Prints {@code line} above the bars. */
    synchronized void println(String line) {
        out.print("\r\033[K");
        out.println(line);
        draw(true);
    }

    private void draw(boolean now) {
        long t = System.nanoTime();
        if (!now && t - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = t;
        StringBuilder sb = new StringBuilder("\r\033[K");
        for (Map.Entry<String, long[]> e : bars.entrySet()) {
            double f = Math.min(1.0, (double) e.getValue()[0] / e.getValue()[1]);
            int eighths = (int) Math.round(f * BAR_WIDTH * 8);
            String bar = "█".repeat(eighths / 8) + EIGHTHS[eighths % 8];
            sb.append(String.format(Locale.ROOT, "[%s] %-" + BAR_WIDTH + "s %3.0f%% %s  ", e.getKey(), bar, f * 100,
                    notes.get(e.getKey())));
        }
        int width = columns();
        out.print(sb.length() > width + 4 ? sb.substring(0, width + 4) : sb);
        out.flush();
    }

    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "160"));
        } catch (NumberFormatException e) {
            return 160;
        }
    }
}
