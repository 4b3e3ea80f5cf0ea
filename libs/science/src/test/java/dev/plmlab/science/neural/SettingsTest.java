package dev.plmlab.science.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void linearDefaultsAreTheReferenceProtocol() {
        TrainingSettings s = TrainingSettings.fromParams("linear", Map.of());
        assertEquals(new TrainingSettings(0, 0, 1e-4, 100, 10, 5, 256, true, 0, 0), s);
        assertEquals(TrainingSettings.linearDefaults(), s);
    }

    @Test
    void mlpReadsNumbersWhicheverWayTheyArrive() {
        TrainingSettings s = TrainingSettings.fromParams("MLP", Map.of("hidden", 64.0, "dropout", 0.2,
                "lr", 1e-3, "epochs", 20, "batch_size", "128", "keep", "last", "weight_decay", 0.01));
        assertEquals(new TrainingSettings(64, 0.2, 1e-3, 20, 10, 5, 128, false, 0.01, 0), s);
        assertEquals(256, TrainingSettings.fromParams("mlp", Map.of()).hidden());
        assertEquals(0.1, TrainingSettings.fromParams("mlp", Map.of()).dropout());
    }

    @Test
    void refusesWhatCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.fromParams("linear", Map.of("hidden", 8)));
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.fromParams("linear", Map.of("epochs", 2.5)));
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.fromParams("linear", Map.of("keep", "first")));
        assertThrows(IllegalArgumentException.class, () -> TrainingSettings.fromParams("ridge", Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.fromParams("mlp", Map.of("lerning_rate", 1)));
        assertTrue(e.getMessage().contains("lerning_rate"), e.getMessage());
    }

    @Test
    void cnnRecipesAndFlip() {
        assertEquals(new CnnSettings("maxpool", 50, 256, 0, 1024, 0), CnnSettings.fromParams(Map.of()));
        assertEquals(new CnnSettings("3-dilated", 5, 16, 0, 1024, 0), CnnSettings.recipe("3-dilated"));
        assertEquals(new CnnSettings("linear-maxpool", 100, 256, 20, 1024, 0),
                CnnSettings.fromParams(Map.of("architecture", "flip")));
        assertEquals(3, CnnSettings.fromParams(Map.of("architecture", "linear-maxpool", "epochs", 3.0)).epochs());
        assertThrows(IllegalArgumentException.class, () -> CnnSettings.fromParams(Map.of("architecture", "resnet")));
    }

    @Test
    void cnnLayersGetTheirRecipesRates() {
        CnnNetwork linearMaxpool = new CnnNetwork(CnnArchitecture.LINEAR_MAXPOOL, 8);
        double[] rates = CnnArchitecture.LINEAR_MAXPOOL.learningRates;
        assertEquals(1e-3, rates[linearMaxpool.group(0)]);
        assertEquals(1e-3, rates[linearMaxpool.group(1)]);
        assertEquals(5e-5, rates[linearMaxpool.group(2)]);
        assertEquals(5e-5, rates[linearMaxpool.group(3)]);
        assertEquals(5e-6, rates[linearMaxpool.group(4)]);
        assertEquals(5e-6, rates[linearMaxpool.group(5)]);
        CnnNetwork three = new CnnNetwork(CnnArchitecture.THREE_MAXPOOL, 8);
        assertEquals(0, three.group(5));
        assertEquals(1, three.group(6));
        assertFalse(CnnArchitecture.LINEAR_MAXPOOL.reluAfterConv);
    }
}
