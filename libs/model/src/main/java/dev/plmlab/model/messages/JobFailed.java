package dev.plmlab.model.messages;

/** A job could not be done; the rest of the experiment goes on. */
public record JobFailed(int version, String jobId, String experimentId, String stage, String taskName, String message) {
}
