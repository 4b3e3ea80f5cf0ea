package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** triton-models/config.pbtxt.template stays in step with the config.pbtxt that forge writes. */
class ConfigTemplateTest {

    /** A field: a lower-case name followed by ':' (scalar) or '{' / '[' (message, list). */
    private static final Pattern FIELD = Pattern.compile("(?m)^\\s*([a-z_]+)\\s*[:{\\[]");

    @TempDir
    Path tmp;

    @Test
    void templateHasTheFieldsAndLinesOfAWrittenConfig() throws IOException {
        Path template = Path.of(System.getProperty("plmlab.repo.root", ".."), "triton-models", "config.pbtxt.template");
        String templateText = withoutComments(Files.readString(template));

        Golden esm2 = Golden.of("esm2");
        CliRun run = CliRun.of("forge", "--checkpoint", esm2.checkpoint().toString(), "--out", tmp.toString());
        assertEquals(0, run.exitCode(), run.err());
        String entry = ForgedNames.of("esm2_t3_64_tiny", esm2.checkpoint(), dev.plmlab.model.spec.Variant.PRETRAINED, 0);
        String config = Files.readString(tmp.resolve(entry).resolve("config.pbtxt"));

        assertEquals(fieldNames(config), fieldNames(templateText));

        // filled in for this model, every line of the template is a line of the real config
        Map<String, String> values = Map.of("${ENTRY}", entry, "${MAX_BATCH_SIZE}", "8", "${FLOAT}", "TYPE_FP32",
                "${LAYERS_PLUS_1}", "4", "${WIDTH}", "64", "${K}", "2");
        List<String> configLines = config.lines().toList();
        for (String line : templateText.lines().filter(l -> !l.isBlank()).toList()) {
            String filled = line;
            for (Map.Entry<String, String> v : values.entrySet()) {
                filled = filled.replace(v.getKey(), v.getValue());
            }
            assertTrue(configLines.contains(filled), "template line '" + line + "' (as '" + filled + "') is not in\n" + config);
        }
    }

    /** Field names in order of first appearance. */
    private static List<String> fieldNames(String pbtxt) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        Matcher m = FIELD.matcher(pbtxt);
        while (m.find()) {
            names.add(m.group(1));
        }
        return new ArrayList<>(names);
    }

    private static String withoutComments(String pbtxt) {
        return pbtxt.lines().map(l -> l.replaceFirst("\\s*#.*$", "")).reduce("", (a, b) -> a + b + "\n");
    }
}
