package dev.plmlab.model.messages;

/**
 * How far one stage of an experiment is.
 *
 * @param stage  datasets, embeddings, probes or report
 * @param cached how many of {@code done} found their output already stored
 */
public record Progress(int version, String experimentId, String stage, int done, int failed, int cached, int total,
                       long startedAtMillis) {
}
