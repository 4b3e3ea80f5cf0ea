package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The selector matching the NetworkPolicy and PodDisruptionBudget tests rely on. */
class SelectorsTest {

    private static final Map<String, String> POD = Map.of("app", "plmlab", "component", "embedder");

    @Test
    void matchLabelsAndExpressionsAreAnded() {
        LabelSelector selector = new LabelSelectorBuilder().addToMatchLabels("app", "plmlab")
                .addNewMatchExpression().withKey("component").withOperator("In").withValues("embedder", "triton").endMatchExpression()
                .build();
        assertTrue(Selectors.matches(selector, POD));
        assertFalse(Selectors.matches(selector, Map.of("app", "plmlab", "component", "reporter")), "In excludes other values");
        assertFalse(Selectors.matches(selector, Map.of("component", "embedder")), "matchLabels must hold too");
    }

    @Test
    void otherOperators() {
        assertTrue(Selectors.matches(expression("component", "NotIn", "triton"), POD));
        assertFalse(Selectors.matches(expression("component", "NotIn", "embedder"), POD));
        assertTrue(Selectors.matches(expression("app", "Exists"), POD));
        assertFalse(Selectors.matches(expression("app", "DoesNotExist"), POD));
        assertFalse(Selectors.matches(null, POD), "no selector selects nothing here");
        assertTrue(Selectors.matches(new LabelSelector(), POD), "an empty selector selects every pod");
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().build();
    }
}
