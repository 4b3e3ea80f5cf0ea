package dev.plmlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The forge's golden fixtures (tiny random-weight checkpoints with the reference implementation's outputs),
 * from libs/forge's test resources in this checkout, else the shared data folder.
 */
final class Golden {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode expected;

    private Golden(Path dir) {
        this.dir = dir;
        try {
            this.expected = JSON.readTree(dir.resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One family's fixtures: esm2, esm1b, esm1 or carp. */
    static Golden of(String family) {
        Path root = Path.of(System.getProperty("plmlab.repo.root", ".."));
        Path inRepo = root.resolve("libs/forge/src/test/resources/golden").resolve(family);
        if (Files.isRegularFile(inRepo.resolve("expected.json"))) {
            return new Golden(inRepo);
        }
        String shared = System.getProperty("plmlab.shared.data");
        if (shared != null && Files.isRegularFile(Path.of(shared, "golden", family, "expected.json"))) {
            return new Golden(Path.of(shared, "golden", family));
        }
        throw new IllegalStateException("golden fixtures for " + family + " not found under " + inRepo.toAbsolutePath()
                + " or -Dplmlab.shared.data");
    }

    Path checkpoint() {
        return dir.resolve(expected.get("checkpoint").asText());
    }

    JsonNode expected() {
        return expected;
    }

    List<String> sequences() {
        List<String> out = new ArrayList<>();
        expected.get("sequences").forEach(s -> out.add(s.asText()));
        return out;
    }

    int lastLayer() {
        return expected.get("layers").size() - 1;
    }

    /** Writes the fixture's sequences as FASTA, ids {@code seq0..seqN}, in the fixture's order. */
    Path writeFasta(Path file) throws IOException {
        StringBuilder fasta = new StringBuilder();
        List<String> sequences = sequences();
        for (int i = 0; i < sequences.size(); i++) {
            fasta.append(">seq").append(i).append(" golden sequence ").append(i).append('\n');
            // wrapped lines, as FASTA files usually are
            String s = sequences.get(i);
            for (int at = 0; at < s.length(); at += 20) {
                fasta.append(s, at, Math.min(s.length(), at + 20)).append('\n');
            }
        }
        Files.writeString(file, fasta);
        return file;
    }
}
