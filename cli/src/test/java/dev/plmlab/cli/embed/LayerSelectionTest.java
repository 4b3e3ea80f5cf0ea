package dev.plmlab.cli.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.forge.CommandFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerSelectionTest {

    @Test
    void allMeansEveryLayerFromTheEmbeddingsToTheLastBlock() throws CommandFailure {
        assertEquals(List.of(0, 1, 2, 3), LayerSelection.parse("all").resolve(3, "m"));
    }

    @Test
    void listsAreSortedWithoutRepeats() throws CommandFailure {
        assertEquals(List.of(0, 2, 5), LayerSelection.parse("5, 0,2,5").resolve(6, "m"));
    }

    @Test
    void anythingElseIsRejected() {
        for (String bad : List.of("", "last", "1-3", "-1", "1,,2", "1.5")) {
            CommandFailure e = assertThrows(CommandFailure.class, () -> LayerSelection.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--layers must be 'all' or layer numbers"), e.getMessage());
        }
    }
}
