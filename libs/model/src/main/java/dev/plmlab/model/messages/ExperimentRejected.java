package dev.plmlab.model.messages;

import dev.plmlab.model.spec.SpecError;
import java.util.List;

/** The spec is invalid; every error found, each with its path in the file. */
public record ExperimentRejected(int version, String experimentId, List<SpecError> errors) {
}
