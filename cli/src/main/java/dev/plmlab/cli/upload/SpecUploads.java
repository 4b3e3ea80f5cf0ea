package dev.plmlab.cli.upload;

import dev.plmlab.model.upload.UploadedFile;
import dev.plmlab.store.ObjectStore;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The client's half of "services read only the store": every file a spec names by path (a task's
 * {@code file:}, {@code sequences:}, {@code mask:}; a model's {@code checkpoint:}) is uploaded by its content
 * to {@code uploads/<sha256>/<name>}, and the spec is sent with each such path replaced by
 * {@code store:uploads/<sha256>/<name>}. Only those scalars change; comments and layout stay, so the spec
 * in the report is the user's, with the files pinned by content. An edited file is a new spec, and so a
 * new experiment id.
 */
public final class SpecUploads {

    private static final Set<String> TASK_FILE_KEYS = Set.of("file", "sequences", "mask");
    private static final Set<String> MODEL_FILE_KEYS = Set.of("checkpoint");

    /** One path of the spec, the file it names and what it becomes. */
    public record Upload(String field, String path, Path file, UploadedFile uploaded) {
    }

    private record Replacement(int start, int end, String text) {
    }

    private final String specText;
    private final List<Upload> uploads;
    private final List<Replacement> replacements;

    private SpecUploads(String specText, List<Upload> uploads, List<Replacement> replacements) {
        this.specText = specText;
        this.uploads = List.copyOf(uploads);
        this.replacements = List.copyOf(replacements);
    }

    /**
     * Finds the spec's paths and hashes their files. Call it on a spec that {@code SpecReader.parse} accepted.
     *
     * @param specDir where relative paths resolve: the spec's folder
     * @throws IOException naming the field and the path when a file is missing, a folder or unreadable
     */
    public static SpecUploads of(String specText, Path specDir) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = new Yaml(options).compose(new StringReader(specText));
        List<Upload> uploads = new ArrayList<>();
        List<Replacement> replacements = new ArrayList<>();
        if (root instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                String key = scalar(entry.getKeyNode());
                if ("tasks".equals(key)) {
                    collect(specText, specDir, "tasks", entry.getValueNode(), TASK_FILE_KEYS, uploads, replacements);
                } else if ("models".equals(key)) {
                    collect(specText, specDir, "models", entry.getValueNode(), MODEL_FILE_KEYS, uploads, replacements);
                }
            }
        }
        return new SpecUploads(specText, uploads, replacements);
    }

    private static void collect(String text, Path specDir, String section, Node list, Set<String> fileKeys,
                                List<Upload> uploads, List<Replacement> replacements) throws IOException {
        if (!(list instanceof SequenceNode sequence)) {
            return;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            if (!(sequence.getValue().get(i) instanceof MappingNode item)) {
                continue;
            }
            for (NodeTuple field : item.getValue()) {
                String key = scalar(field.getKeyNode());
                if (!fileKeys.contains(key) || !(field.getValueNode() instanceof ScalarNode value)) {
                    continue;
                }
                String path = value.getValue();
                if (UploadedFile.isReference(path)) {
                    continue; // already pinned by content
                }
                String where = section + "[" + i + "]." + key;
                Path file = specDir.resolve(path).normalize();
                if (Files.isDirectory(file)) {
                    throw new IOException(where + ": '" + path + "' is a folder (" + file + "), not a file");
                }
                if (!Files.isRegularFile(file)) {
                    throw new IOException(where + ": '" + path + "' does not exist (looked for " + file + ")");
                }
                if (file.getFileName().toString().endsWith(".onnx") && Files.exists(file.resolveSibling(file.getFileName() + ".data"))) {
                    throw new IOException(where + ": '" + path + "' keeps its weights in a second file (" + file.getFileName()
                            + ".data), which cannot be sent as one upload; name the PyTorch checkpoint (.pt) instead");
                }
                UploadedFile uploaded = new UploadedFile(UploadedFile.sha256Of(file), safeName(file.getFileName().toString()));
                uploads.add(new Upload(where, path, file, uploaded));
                replacements.add(new Replacement(charIndex(text, value.getStartMark().getIndex()),
                        charIndex(text, value.getEndMark().getIndex()), quoted(uploaded.reference())));
            }
        }
    }

    /** The files, in spec order. */
    public List<Upload> uploads() {
        return uploads;
    }

    /** The spec as it is sent: each path replaced by its upload's reference. */
    public String rewrittenSpec() {
        StringBuilder text = new StringBuilder(specText);
        List<Replacement> backToFront = new ArrayList<>(replacements);
        backToFront.sort(Comparator.comparingInt(Replacement::start).reversed());
        for (Replacement r : backToFront) {
            text.replace(r.start(), r.end(), r.text());
        }
        return text.toString();
    }

    /**
     * Uploads every file not already in the store (a file is stored once, by content, whoever sends it).
     *
     * @return how many were sent
     */
    public int upload(ObjectStore store, java.util.function.Consumer<String> log) {
        int sent = 0;
        for (Upload u : uploads) {
            if (store.exists(u.uploaded().key())) {
                continue;
            }
            log.accept("uploading " + u.path() + " (" + u.field() + ") as " + u.uploaded().key());
            store.put(u.uploaded().key(), u.file());
            sent++;
        }
        return sent;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    /** SnakeYAML counts code points; Java strings count UTF-16 units. */
    private static int charIndex(String text, int codePointIndex) {
        return text.offsetByCodePoints(0, codePointIndex);
    }

    /** A double-quoted YAML scalar; references hold only key characters, so nothing needs escaping. */
    private static String quoted(String value) {
        return "\"" + value + "\"";
    }

    /** An object key segment: the file's name with anything but letters, digits, '-', '_' and '.' as '_'. */
    static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_").replace("..", "_.");
        return safe.isEmpty() || safe.length() > 200 ? "file" : safe;
    }
}
