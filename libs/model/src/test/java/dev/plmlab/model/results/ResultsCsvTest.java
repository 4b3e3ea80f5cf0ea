package dev.plmlab.model.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plmlab.model.messages.MetricValue;
import dev.plmlab.model.messages.ProbeOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsCsvTest {

    @Test
    void writesStableColumnsQuotedParamsAndEmptyIntervals() {
        ProbeOutcome outcome = new ProbeOutcome("gb1", "sampled", "one-hot", "one-hot", null, "pretrained", 0, 1.0, 0,
                "ridge", 42, List.of(new MetricValue("spearman", 0.79, 0.77, 0.81), new MetricValue("mse", 1.5, Double.NaN, Double.NaN)),
                List.of(new MetricValue("spearman", 0.8, Double.NaN, Double.NaN)), 6289, 699, 1745, "results/p.predictions.json",
                Map.of("alpha", 1.0));
        List<ResultRow> rows = new ArrayList<>(ResultRow.of("demo", outcome));
        java.util.Collections.reverse(rows);
        assertEquals("""
                experiment,task,split,model,family,size,variant,model_seed,pretraining,layer,probe,probe_seed,metric,value,ci_low,ci_high,val_value,n_train,n_val,n_test,params
                demo,gb1,sampled,one-hot,one-hot,,pretrained,0,1.0,0,ridge,42,mse,1.5,,,,6289,699,1745,"{""alpha"":1.0}"
                demo,gb1,sampled,one-hot,one-hot,,pretrained,0,1.0,0,ridge,42,spearman,0.79,0.77,0.81,0.8,6289,699,1745,"{""alpha"":1.0}"
                """, ResultsCsv.write(rows));
        assertEquals("\"{\"\"a\"\":1,\"\"b\"\":2}\"", ResultsCsv.field("{\"a\":1,\"b\":2}"));
    }

    @Test
    void probeSeedsAreRowsOfTheirOwn() {
        List<ResultRow> rows = new ArrayList<>();
        for (int seed : new int[] {12345, 0, 42}) {
            rows.addAll(ResultRow.of("demo", new ProbeOutcome("scl", "balanced", "esm2-t6_8M", "esm2", "t6_8M", "random-init", 7,
                    1.0, 2, "linear", seed, List.of(new MetricValue("accuracy", 0.5, 0.4, 0.6)), List.of(), 10, 2, 3, null, Map.of())));
        }
        String[] lines = ResultsCsv.write(rows).split("\n");
        int probeSeed = ResultRow.COLUMNS.indexOf("probe_seed");
        assertEquals(List.of("0", "42", "12345"), List.of(lines[1].split(",")[probeSeed], lines[2].split(",")[probeSeed],
                lines[3].split(",")[probeSeed]));
        assertEquals("7", lines[1].split(",")[ResultRow.COLUMNS.indexOf("model_seed")]);
    }
}
