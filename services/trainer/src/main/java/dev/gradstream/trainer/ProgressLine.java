package dev.gradstream.trainer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The bottom lines of a terminal, one per run training side by side. Each run's bar is a
 * {@code me.tongfei:progressbar} {@link ProgressBar} (bar, percentage, steps, elapsed time, ETA, a note),
 * rendered by the library at most ten times a second; the text comes here through a
 * {@link DelegatingProgressBarConsumer}, and this class keeps the bars together at the bottom, so that lines
 * printed through {@link #println} appear above them (the library's own console consumers assume nothing else
 * prints). Only for terminals: {@link #forTerminal} says when. Thread-safe: the lines are locked; the
 * library's bars are called outside the lock.
 */
final class ProgressLine {

    static final int REDRAW_MILLIS = 100;
    private static ProgressLine shared;

    private final PrintStream out;
    private final int columns;
    private final Map<String, ProgressBar> bars = new LinkedHashMap<>();
    private final Map<String, String> rendered = new LinkedHashMap<>();
    /** Bar lines on the screen; the cursor is at the end of the last one. */
    private int shown;

    ProgressLine(PrintStream out, int columns) {
        this.out = out;
        this.columns = columns;
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
            shared = new ProgressLine(out, columns());
        }
        return shared;
    }

    /** Starts the bar {@code name} for {@code total} steps, on a line of its own below the others. */
    void start(String name, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(REDRAW_MILLIS)
                // Redraw every interval: the library otherwise redraws only when the step count passed the one
                // it last drew, read *after* drawing, so a step (and its note) landing during a drawing was
                // never shown (seen as a flaky ProgressLineTest: "0/200" with no note, for 5 s).
                .continuousUpdate()
                .setConsumer(new DelegatingProgressBarConsumer(text -> show(name, text), columns - 1))
                .build();
        ProgressBar replaced;
        synchronized (this) {
            replaced = bars.put(name, bar);
        }
        if (replaced != null) {
            replaced.close();
        }
    }

    void update(String name, long done, String note) {
        ProgressBar bar;
        synchronized (this) {
            bar = bars.get(name);
        }
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(note);
        }
    }

    /** Stops the bar {@code name} and takes it off the line. */
    void finish(String name) {
        ProgressBar bar;
        synchronized (this) {
            bar = bars.remove(name);
        }
        if (bar != null) {
            bar.close(); // its last rendering is ignored by show: the bar is no longer on the line
        }
        synchronized (this) {
            rendered.remove(name);
            draw();
        }
    }

    /** Prints {@code line} above the bars. */
    synchronized void println(String line) {
        clearBars();
        out.println(line);
        drawBars();
    }

    /** The library's rendering of bar {@code name}, on its update thread. */
    private synchronized void show(String name, String text) {
        if (bars.containsKey(name)) {
            rendered.put(name, text.strip());
            draw();
        }
    }

    private void draw() {
        clearBars();
        drawBars();
    }

    /** Clears the bar lines from the last up to the first, leaving the cursor at the start of the first. */
    private void clearBars() {
        StringBuilder sb = new StringBuilder("\r\033[K");
        for (int i = 1; i < shown; i++) {
            sb.append("\033[1A\033[K");
        }
        out.print(sb);
        shown = 0;
    }

    /** One line per bar, each shorter than the terminal (a wrapped line would move the bars). */
    private void drawBars() {
        StringBuilder sb = new StringBuilder();
        for (String text : rendered.values()) {
            sb.append(shown++ == 0 ? "" : "\n").append(text.length() >= columns ? text.substring(0, columns - 1) : text);
        }
        out.print(sb);
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
