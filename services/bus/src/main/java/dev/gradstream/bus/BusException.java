package dev.gradstream.bus;

/** A Kafka-side failure that ends the command: broker unreachable, a send that could not be delivered. */
public class BusException extends RuntimeException {

    public BusException(String message, Throwable cause) {
        super(message, cause);
    }

    public BusException(String message) {
        super(message);
    }
}
