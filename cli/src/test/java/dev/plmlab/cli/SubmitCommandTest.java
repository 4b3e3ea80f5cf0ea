package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SubmitCommandTest {

    @TempDir
    Path dir;

    @Test
    void anInvalidSpecIsRefusedBeforeAnythingIsSent() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "name: x\ntasks: [{dataset: gb1, split: nope}]\nmodels: [{family: one-hot}]\nprobes: [ridge]\n");
        // port 9 (discard) has no broker: reaching Kafka would hang until the timeout, not return 1
        assertEquals(1, new CommandLine(new SubmitCommand()).execute(spec.toString(), "--kafka", "127.0.0.1:9", "--timeout", "1"));
    }
}
