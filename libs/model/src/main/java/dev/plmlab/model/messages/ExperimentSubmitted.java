package dev.plmlab.model.messages;

import java.time.Instant;

/** A user submits a spec; the orchestrator answers with accepted or rejected. */
public record ExperimentSubmitted(int version, String experimentId, String specText, Instant submittedAt) {

    public static ExperimentSubmitted of(String specText) {
        return new ExperimentSubmitted(Messages.VERSION, JobIds.experiment(specText), specText, Instant.now());
    }
}
