package dev.plmlab.model.messages;

/** The spec is valid; {@code datasetJobs} dataset jobs start now and the rest follow from them. */
public record ExperimentAccepted(int version, String experimentId, String name, int datasetJobs) {
}
