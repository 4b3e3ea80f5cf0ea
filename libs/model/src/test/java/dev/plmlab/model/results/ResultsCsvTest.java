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
        ProbeOutcome outcome = new ProbeOutcome("gb1", "sampled", "one-hot", "pretrained", 0, 0, "ridge", 42,
                List.of(new MetricValue("spearman", 0.79, 0.77, 0.81), new MetricValue("mse", 1.5, Double.NaN, Double.NaN)),
                6289, 699, 1745, Map.of("alpha", 1.0));
        List<ResultRow> rows = new ArrayList<>(ResultRow.of("demo", outcome));
        java.util.Collections.reverse(rows);
        assertEquals("""
                experiment,task,split,model,variant,seed,layer,probe,metric,value,ci_low,ci_high,n_train,n_val,n_test,params
                demo,gb1,sampled,one-hot,pretrained,0,0,ridge,mse,1.5,,,6289,699,1745,"{""alpha"":1.0}"
                demo,gb1,sampled,one-hot,pretrained,0,0,ridge,spearman,0.79,0.77,0.81,6289,699,1745,"{""alpha"":1.0}"
                """, ResultsCsv.write(rows));
        assertEquals("\"{\"\"a\"\":1,\"\"b\"\":2}\"", ResultsCsv.field("{\"a\":1,\"b\":2}"));
    }
}
