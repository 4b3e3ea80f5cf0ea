package dev.plmlab.model.messages;

import dev.plmlab.model.spec.TaskSpec;

/** Fetch, check and normalise one task's dataset into the object store. */
public record DatasetPrepare(int version, String jobId, String experimentId, TaskSpec task) {
}
