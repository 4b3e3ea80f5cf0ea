package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsMetricsAndSkipsFunctionsLabelsDurationsAndVariables() {
        String expr = """
                histogram_quantile(0.95, sum by (le, stage) (rate(plmlab_job_seconds_bucket{outcome!="failed", stage=~"emb.*"}[$__rate_interval])))
                  / on (stage) group_left (outcome) sum without (pod) (increase(plmlab_jobs_total[1h30m] offset 5m))
                  > bool 0.1 and on () (sum(nv_inference_queue_duration_us) or vector(0))
                  unless absent(up{job="x y"})
                """;
        assertEquals(Set.of("plmlab_job_seconds_bucket", "plmlab_jobs_total", "nv_inference_queue_duration_us", "up"),
                PromQl.metricNames(expr));
    }

    @Test
    void aMisspeltMetricIsFound() {
        assertEquals(Set.of("plmlab_job_total"), PromQl.metricNames("sum by (stage) (rate(plmlab_job_total[5m]))"));
    }

    @Test
    void bracketBalance() {
        assertTrue(PromQl.balanced("sum(rate(x{a=\")\"}[5m]))"));
        assertFalse(PromQl.balanced("sum(rate(x[5m])"));
        assertFalse(PromQl.balanced("sum(rate(x{a=\"b\"]))"));
    }
}
