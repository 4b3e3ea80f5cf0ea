package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds the golden fixtures (tiny random-weight checkpoints and reference outputs). The copies under
 * {@code src/test/resources/golden} come first so the tests run anywhere; otherwise the shared data folder
 * named by system property {@code plmlab.shared.data}, env {@code PLMLAB_DATA}, or a {@code shared/data}
 * folder above the working directory.
 */
public final class GoldenFixtures {

    /** The four fixture sets, by folder name. */
    public static final String[] FAMILIES = {"esm2", "esm1b", "esm1", "carp"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenFixtures() {
    }

    /** The folder holding one family's fixtures, e.g. {@code dir("esm2")}. */
    public static Path dir(String family) {
        URL resource = GoldenFixtures.class.getResource("/golden/" + family + "/expected.json");
        if (resource != null && "file".equals(resource.getProtocol())) {
            try {
                return Path.of(resource.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return sharedData().resolve("golden").resolve(family);
    }

    /** The model checkpoint named in the family's expected.json. */
    public static Path checkpoint(String family) {
        return dir(family).resolve(expected(family).get("checkpoint").asText());
    }

    /** The legacy-format copy of the model checkpoint. */
    public static Path legacyCheckpoint(String family) {
        String name = expected(family).get("checkpoint").asText();
        return dir(family).resolve(name.replace(".pt", "-legacy-format.pt"));
    }

    public static JsonNode expected(String family) {
        try {
            return JSON.readTree(dir(family).resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path sharedData() {
        String property = System.getProperty("plmlab.shared.data");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        String env = System.getenv("PLMLAB_DATA");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("golden fixtures not found: no test resources, no -Dplmlab.shared.data, "
                + "no PLMLAB_DATA and no shared/data above " + Path.of("").toAbsolutePath());
    }
}
