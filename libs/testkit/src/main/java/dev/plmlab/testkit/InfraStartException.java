package dev.plmlab.testkit;

/** A piece of local infrastructure (Kafka broker, S3 endpoint) could not be started or reached. */
public class InfraStartException extends RuntimeException {

    public InfraStartException(String message) {
        super(message);
    }

    public InfraStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
