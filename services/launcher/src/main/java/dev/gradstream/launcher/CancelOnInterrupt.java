package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.sweep.SweepCancel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C on a waiting sweep coordinator asks first: "y" cancels the sweep ({@link SweepCancel}: jobs not
 * yet started are marked cancelled, and the coordinator then prints its table); anything else goes on
 * waiting. A second Ctrl-C while asking stops the process as before. Without a console (input closed),
 * Ctrl-C cancels without asking.
 */
final class CancelOnInterrupt implements AutoCloseable {

    private final SignalHandler previous;

    private CancelOnInterrupt(SignalHandler previous) {
        this.previous = previous;
    }

    static CancelOnInterrupt install(KafkaClients clients, String sweepId, PrintStream out) {
        Signal interrupt = new Signal("INT");
        SignalHandler[] previous = new SignalHandler[1];
        boolean[] asking = new boolean[1];
        previous[0] = Signal.handle(interrupt, signal -> {
            synchronized (asking) {
                if (asking[0]) {
                    previous[0].handle(signal);
                    return;
                }
                asking[0] = true;
            }
            Thread t = new Thread(() -> {
                try {
                    out.printf("%nCancel sweep %s? Jobs not yet started will not run (y/N, Ctrl-C again to quit): ",
                            sweepId);
                    out.flush();
                    String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
                    if (answer == null || answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                        int n = SweepCancel.cancel(clients, sweepId, "the coordinator (Ctrl-C)");
                        out.printf("sweep %s: %d job(s) marked cancelled (jobs in training finish)%n", sweepId, n);
                    } else {
                        out.println("going on");
                    }
                } catch (Exception e) {
                    out.println("could not cancel: " + e.getMessage());
                } finally {
                    synchronized (asking) {
                        asking[0] = false;
                    }
                }
            }, "sweep-cancel-prompt");
            t.setDaemon(true);
            t.start();
        });
        return new CancelOnInterrupt(previous[0]);
    }

    @Override
    public void close() {
        Signal.handle(new Signal("INT"), previous);
    }
}
