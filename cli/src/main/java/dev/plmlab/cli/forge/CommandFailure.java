package dev.plmlab.cli.forge;

/**
 * A failure caused by the command's input or environment (a bad option, an unknown model, an unreadable
 * file): the command prints the message, without a stack trace, and exits 1.
 */
public final class CommandFailure extends Exception {

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
