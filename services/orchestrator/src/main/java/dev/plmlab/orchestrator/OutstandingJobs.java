package dev.plmlab.orchestrator;

import dev.plmlab.model.messages.Progress;
import dev.plmlab.model.plan.ExperimentRun;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The gauge {@code plmlab_orchestrator_outstanding_jobs{stage}}: jobs this orchestrator has sent and not yet
 * heard back from (neither a reply nor a failure), summed over the experiments it follows. It is read from the
 * runs themselves at each scrape, so it cannot drift from them, and a restarted orchestrator reports the jobs
 * it re-sent. Summed over replicas it covers the cluster, since each experiment has one home replica. The
 * no-progress alert (observability/prometheus/plmlab-rules.yaml) fires on it.
 */
final class OutstandingJobs {

    private OutstandingJobs() {
    }

    /** Registers one gauge per stage of {@link ExperimentRun#STAGES} over the runs {@code followed} returns. */
    static void register(MeterRegistry registry, Supplier<Collection<ExperimentRun>> followed) {
        for (String stage : ExperimentRun.STAGES) {
            // the supplier form holds its lambda strongly: a gauge on a weakly held object would read NaN once collected
            // the name literally here: deploy/tests' ObservabilityTest finds the meters the dashboard may use in the source
            Gauge.builder("plmlab_orchestrator_outstanding_jobs", () -> outstanding(followed.get(), stage))
                    .description("jobs sent and not yet answered, by stage")
                    .tag("stage", stage)
                    .register(registry);
        }
    }

    static long outstanding(Collection<ExperimentRun> runs, String stage) {
        long sum = 0;
        for (ExperimentRun run : runs) {
            Progress p = run.progress(stage);
            sum += p.total() - p.done() - p.failed();
        }
        return sum;
    }
}
