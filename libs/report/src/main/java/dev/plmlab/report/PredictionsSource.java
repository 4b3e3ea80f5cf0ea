package dev.plmlab.report;

import dev.plmlab.model.results.TestPredictions;
import java.util.Optional;

/** Where a probe's stored test predictions are read from (the object store, in the services); called from several threads. */
@FunctionalInterface
public interface PredictionsSource {

    /** Empty when nothing is stored under the key (results from before predictions were kept). */
    Optional<TestPredictions> load(String key);
}
