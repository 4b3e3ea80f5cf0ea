package dev.plmlab.cli.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.model.spec.ExperimentSpec;
import dev.plmlab.model.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecUploadsTest {

    @TempDir
    Path dir;

    private static final String SPEC = """
            # my own GB1 copy — über-important
            name: own-files
            tasks:
              - name: mine
                file: data/my data.csv   # the split column says train/test
                type: regression
                columns: {sequence: seq, target: fitness, set: part}
            models:
              - family: one-hot
              - family: esm2
                checkpoint: "ckpt/tiny.pt"
            probes:
              - type: ridge
            seeds: [42]
            """;

    private void files() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/my data.csv"), "seq,fitness,part\nMKV,1.0,train\n");
        Files.createDirectories(dir.resolve("ckpt"));
        Files.write(dir.resolve("ckpt/tiny.pt"), new byte[]{1, 2, 3});
    }

    @Test
    void pathsBecomeContentReferencesAndNothingElseChanges() throws Exception {
        files();
        SpecReader.parse(SPEC);
        SpecUploads uploads = SpecUploads.of(SPEC, dir);
        assertEquals(2, uploads.uploads().size());
        String csvSha = dev.plmlab.model.upload.UploadedFile.sha256Of(dir.resolve("data/my data.csv"));
        String ptSha = dev.plmlab.model.upload.UploadedFile.sha256Of(dir.resolve("ckpt/tiny.pt"));
        String sent = uploads.rewrittenSpec();
        assertEquals(SPEC.replace("data/my data.csv", "\"store:uploads/" + csvSha + "/my_data.csv\"")
                        .replace("\"ckpt/tiny.pt\"", "\"store:uploads/" + ptSha + "/tiny.pt\""), sent,
                "only the two scalars change; comments, quoting elsewhere and layout stay");
        ExperimentSpec parsed = SpecReader.parse(sent);
        assertEquals("store:uploads/" + csvSha + "/my_data.csv", parsed.tasks().get(0).file());
        assertEquals("store:uploads/" + ptSha + "/tiny.pt", parsed.models().get(1).checkpoint());
        assertEquals("tasks[0].file", uploads.uploads().get(0).field());
        assertEquals("models[1].checkpoint", uploads.uploads().get(1).field());
    }

    @Test
    void anEditedFileIsANewSpec() throws IOException {
        files();
        String before = SpecUploads.of(SPEC, dir).rewrittenSpec();
        Files.write(dir.resolve("ckpt/tiny.pt"), new byte[]{1, 2, 4});
        assertTrue(!before.equals(SpecUploads.of(SPEC, dir).rewrittenSpec()));
    }

    @Test
    void referencesAreLeftAsTheyAre() throws IOException {
        String spec = SPEC.replace("data/my data.csv", "store:uploads/" + "a".repeat(64) + "/x.csv")
                .replace("\"ckpt/tiny.pt\"", "store:uploads/" + "b".repeat(64) + "/tiny.pt");
        SpecUploads uploads = SpecUploads.of(spec, dir);
        assertEquals(0, uploads.uploads().size());
        assertEquals(spec, uploads.rewrittenSpec());
    }

    @Test
    void aMissingFileOrAFolderIsNamedWithItsField() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> SpecUploads.of(SPEC, dir));
        assertTrue(missing.getMessage().startsWith("tasks[0].file: 'data/my data.csv' does not exist"), missing.getMessage());
        Files.createDirectories(dir.resolve("data/my data.csv"));
        IOException folder = assertThrows(IOException.class, () -> SpecUploads.of(SPEC, dir));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
    }
}
