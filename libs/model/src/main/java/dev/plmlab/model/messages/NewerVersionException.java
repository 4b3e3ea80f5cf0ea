package dev.plmlab.model.messages;

/**
 * A message written by a newer plmlab than this build ({@code version > Messages.VERSION}): not bad, only not
 * readable here. A consumer parks it ({@link Topics#PARKED}) for a newer replica instead of dropping or
 * dead-lettering it, so a rolling upgrade loses no job.
 */
public class NewerVersionException extends BadMessageException {

    private final int version;

    public NewerVersionException(String topic, Class<?> type, int version) {
        super(topic, type, "version " + version + " is newer than this build reads (" + Messages.OLDEST_READ + ".."
                + Messages.VERSION + "): parked for a newer replica");
        this.version = version;
    }

    /** The version the message says it is. */
    public int version() {
        return version;
    }
}
