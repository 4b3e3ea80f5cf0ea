package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.EmbedderOutputs;
import dev.plmlab.forge.onnx.OrtEmbedder;
import dev.plmlab.forge.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks on a forged Triton repository entry: its files, its config and the model running in ONNX Runtime. */
final class ForgedEntry {

    private static final Pattern OUTPUT_NAME = Pattern.compile("name: \"([^\"]+)\"");

    private final Path dir;

    ForgedEntry(Path dir) {
        this.dir = dir;
    }

    Path config() {
        return dir.resolve("config.pbtxt");
    }

    Path model() {
        return dir.resolve("1").resolve("model.onnx");
    }

    /** The files are there and config.pbtxt names the entry after its folder. */
    void assertLaidOut() throws IOException {
        assertTrue(Files.isRegularFile(config()), "missing " + config());
        assertTrue(Files.isRegularFile(model()), "missing " + model());
        Path weights = model().resolveSibling("model.onnx.data");
        assertTrue(Files.isRegularFile(weights), "missing " + weights);
        assertTrue(Files.size(model()) < Files.size(weights), "model.onnx holds the graph, model.onnx.data the weights");
        assertTrue(Files.readString(config()).startsWith("name: \"" + dir.getFileName() + "\"\n"), Files.readString(config()));
    }

    /** Every tensor name config.pbtxt declares, after the model's own name: the input, then the outputs. */
    List<String> configTensorNames() throws IOException {
        Matcher m = OUTPUT_NAME.matcher(Files.readString(config()));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names.subList(1, names.size());
    }

    /**
     * Loads the model in ONNX Runtime, checks its outputs are those config.pbtxt declares (mean and
     * hidden_0..hidden_L) and runs the fixture's sequences through it.
     */
    EmbedderOutputs loadAndRun(Family family, List<String> sequences, int lastLayer) throws Exception {
        Set<String> expectedOutputs = new LinkedHashSet<>(List.of("mean"));
        for (int k = 0; k <= lastLayer; k++) {
            expectedOutputs.add("hidden_" + k);
        }
        List<String> declared = configTensorNames();
        assertEquals("tokens", declared.get(0));
        assertEquals(List.copyOf(expectedOutputs), declared.subList(1, declared.size()));
        try (OrtEmbedder embedder = new OrtEmbedder(model(), 1)) {
            assertEquals(expectedOutputs, embedder.outputNames());
            EmbedderOutputs out = embedder.run(Tokenizer.forFamily(family).batch(sequences).tokens());
            assertEquals(sequences.size(), out.mean().length);
            assertEquals(lastLayer + 1, out.mean()[0].length);
            assertEquals(lastLayer + 1, out.hidden().size());
            return out;
        }
    }

    /** The largest difference between the model's pooled layers and the fixture's reference means. */
    static double maxMeanDiff(EmbedderOutputs out, JsonNode expected) {
        double worst = 0;
        JsonNode layers = expected.get("layers");
        for (int layer = 0; layer < layers.size(); layer++) {
            JsonNode mean = layers.get(Integer.toString(layer)).get("mean");
            for (int b = 0; b < mean.size(); b++) {
                for (int d = 0; d < mean.get(b).size(); d++) {
                    worst = Math.max(worst, Math.abs(out.mean()[b][layer][d] - mean.get(b).get(d).asDouble()));
                }
            }
        }
        return worst;
    }
}
