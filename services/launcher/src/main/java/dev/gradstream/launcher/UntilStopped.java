package dev.gradstream.launcher;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The end of a command that serves until the process is stopped (Ctrl-C, SIGTERM): a shutdown hook runs the
 * command's own clean-up, then the waiting command returns.
 */
final class UntilStopped {

    private final CountDownLatch stopped = new CountDownLatch(1);

    private UntilStopped(Runnable onStop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            onStop.run();
            stopped.countDown();
        }));
    }

    /** Registers {@code onStop} to run when the process is stopped. */
    static UntilStopped onStop(Runnable onStop) {
        return new UntilStopped(onStop);
    }

    /** Waits until the process is stopped and {@code onStop} has run. */
    void await() throws InterruptedException {
        stopped.await();
    }

    /** Waits up to {@code seconds}; true once the process was stopped and {@code onStop} has run. */
    boolean await(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }
}
