package dev.gradstream.trainer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The bottom line of a terminal, shared by the runs that train side by side. Each run's bar is a
 * {@code me.tongfei:progressbar} {@link ProgressBar} (bar, percentage, elapsed time, ETA, a note), redrawn by
 * the library at most ten times a second; its rendered text comes here through a
 * {@link DelegatingProgressBarConsumer} and the bars share this one line, so that lines printed through
 * {@link #println} appear above it (the library's own console consumers assume nothing else prints). Only for
 * terminals: {@link #forTerminal} says when. Thread-safe: the line is locked; the library's bars are called
 * outside the lock.
 */
final class ProgressLine {

    static final int REDRAW_MILLIS = 100;
    private static ProgressLine shared;

    private final PrintStream out;
    private final int columns;
    private final Map<String, ProgressBar> bars = new LinkedHashMap<>();
    private final Map<String, String> rendered = new LinkedHashMap<>();

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

    /** Starts the bar {@code name} for {@code total} steps (two bars share the line, each half of it). */
    void start(String name, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(REDRAW_MILLIS)
                .setConsumer(new DelegatingProgressBarConsumer(text -> show(name, text), Math.max(40, columns / 2 - 2)))
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
        out.print("\r\033[K");
        out.println(line);
        draw();
    }

    /** The library's rendering of bar {@code name}, on its update thread. */
    private synchronized void show(String name, String text) {
        if (bars.containsKey(name)) {
            rendered.put(name, text.strip());
            draw();
        }
    }

    private void draw() {
        String line = String.join("  ", rendered.values());
        out.print("\r\033[K" + (line.length() > columns ? line.substring(0, columns) : line));
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
