package dev.gradstream.launcher;

import dev.gradstream.bus.BusException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces synthetic runs: event i (of all runs together, taken round-robin across the runs still going) is
 * due {@code i / rate} seconds after the start. When the producer cannot keep up (its buffer is full, or
 * the broker is slow), events fall behind schedule; that shortfall is measured, never waited out past the
 * deadline: at the deadline the runs still going are ended with a failed run-finished event.
 *
 * <p>Runs on the calling thread; not thread-safe.
 */
final class LoadSchedule {

    /**
     * What was sent.
     *
     * @param sent          events handed to the producer
     * @param due           events the schedule wanted sent by the end
     * @param maxBehind     most events behind schedule at any moment
     * @param seconds       from the first event to the last one sent
     * @param runsCompleted runs that sent every event
     * @param runsCut       runs ended at the deadline with a failed run-finished event
     * @param failure       why the producer refused an event, or null
     */
    record Result(long sent, long due, long maxBehind, double seconds, int runsCompleted, int runsCut,
                  String failure) {

        long behindAtEnd() {
            return due - sent;
        }
    }

    private LoadSchedule() {
    }

    static Result run(List<SyntheticRun> runs, long eventsPerRun, double rate, long durationNanos) {
        long total = eventsPerRun * runs.size();
        List<SyntheticRun> live = new ArrayList<>(runs);
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        long sent = 0;
        long due = 0;
        long maxBehind = 0;
        int cursor = 0;
        int completed = 0;
        String failure = null;
        try {
            while (!live.isEmpty()) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                due = Math.min(total, 1 + (long) ((now - start) / 1e9 * rate));
                if (sent >= due) {
                    long next = start + (long) (sent / rate * 1e9);
                    LockSupport.parkNanos(Math.max(10_000, Math.min(next, deadline) - now));
                    continue;
                }
                maxBehind = Math.max(maxBehind, due - sent - 1);
                SyntheticRun run = live.get(cursor);
                run.emitNext();
                sent++;
                if (run.finished()) {
                    live.remove(cursor);
                    completed++;
                } else {
                    cursor++;
                }
                if (cursor >= live.size()) {
                    cursor = 0;
                }
            }
        } catch (BusException e) {
            failure = e.getMessage();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!live.isEmpty()) {
            due = Math.min(total, (long) (Math.min(System.nanoTime() - start, durationNanos) / 1e9 * rate));
        }
        int cut = 0;
        if (failure == null) {
            try {
                for (SyntheticRun run : live) {
                    run.abort("loadgen stopped at --duration before the run's last event");
                    cut++;
                }
            } catch (BusException e) {
                failure = e.getMessage();
            }
        }
        return new Result(sent, Math.max(due, sent), maxBehind, seconds, completed, cut, failure);
    }
}
