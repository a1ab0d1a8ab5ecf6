package dev.gradstream.bus;

/**
 * Whether a consumer loop is doing its job: {@code UP}, or {@code DOWN} with the reason in words (it has
 * stopped, or it cannot write a dead letter and holds its partition back). What a service's
 * {@code /health} reports.
 *
 * @param up     true when the loop polls and handles records
 * @param reason why it is down; empty when up
 */
public record ConsumerHealth(boolean up, String reason) {

    private static final ConsumerHealth UP = new ConsumerHealth(true, "");

    public static ConsumerHealth ok() {
        return UP;
    }

    public static ConsumerHealth down(String reason) {
        return new ConsumerHealth(false, reason);
    }

    /** "UP" or "DOWN", as /health endpoints spell it. */
    public String status() {
        return up ? "UP" : "DOWN";
    }

    /** The first of {@code healths} that is down, or up when all are. */
    public static ConsumerHealth worst(ConsumerHealth... healths) {
        for (ConsumerHealth h : healths) {
            if (!h.up()) {
                return h;
            }
        }
        return UP;
    }
}
