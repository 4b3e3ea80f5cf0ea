package dev.plmlab.model.messages;

/** A probe finished; its outcome is also stored under {@code resultKey}. */
public record ProbeResult(int version, String jobId, String experimentId, String resultKey, ProbeOutcome outcome,
                          boolean cached) {
}
