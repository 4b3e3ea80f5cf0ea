package dev.plmlab.model.plan;

import dev.plmlab.model.messages.Progress;
import java.util.List;

/**
 * Where an experiment stands, as the orchestrator last saw it: stored at
 * {@link dev.plmlab.model.ObjectKeys#experimentStatus} so that {@code plmlab status} can answer from the
 * object store alone, in local mode and in a deployment.
 *
 * @param reported whether every job has ended and the report was asked for
 */
public record ExperimentStatus(int version, String experimentId, String name, long startedAtMillis, long updatedAtMillis,
                               List<Progress> stages, boolean reported) {
}
