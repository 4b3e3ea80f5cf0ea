package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import net.razorvine.pickle.PickleException;

/**
 * Reads official ESM-1, ESM-1b, ESM-2 and CARP checkpoints ({@code torch.save} files, zip or pre-1.6
 * legacy format) without Python and without executing anything the file asks for: only the handful of
 * Python globals torch checkpoints use are allowed (see {@link SafeUnpickler}).
 *
 * <p>Every tensor is converted to float32 and made dense and row-major. The family is recognised from the
 * layout (not the file name), the config names are normalised and prefixes stripped as {@link Checkpoint}
 * documents, and every parameter the family's model needs is checked for presence and shape against the
 * config ({@link ParameterShapes}). Values are returned as stored: in particular the ESM-1b loader's
 * zeroing of the {@code <mask>} embedding row is left to the model.
 */
public final class CheckpointReader {

    /** fair-esm looks for the contact regression weights next to the model under this suffix. */
    public static final String CONTACT_REGRESSION_SUFFIX = "-contact-regression.pt";

    private CheckpointReader() {
    }

    /**
     * Reads a model checkpoint.
     *
     * @throws CheckpointException if the file is not a readable checkpoint of a known family, names a
     *                             forbidden Python global, or lacks or mis-shapes a parameter; the message
     *                             names the file and the problem
     */
    public static Checkpoint read(Path file) throws IOException {
        try (TorchFile torchFile = TorchFile.open(file)) {
            CheckpointLayout.Interpreted layout = CheckpointLayout.interpret(file, stem(file), torchFile.root());
            checkShapes(file, layout);
            TensorMaterializer materializer = new TensorMaterializer(file, torchFile);
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef> e : layout.state().entrySet()) {
                state.put(e.getKey(), materializer.materialise(e.getKey(), e.getValue()));
            }
            return new Checkpoint(layout.family(), layout.name(), layout.config(), Collections.unmodifiableMap(state));
        } catch (PickleException | ArithmeticException | IllegalArgumentException e) {
            throw new CheckpointException(file, "malformed checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a fair-esm contact-regression file ({@code {"model": {"contact_head.regression.weight", ...bias}}}).
     *
     * @return its tensors under their stored names ({@code contact_head.regression.weight} [1, layers*heads]
     *         and {@code contact_head.regression.bias} [1])
     */
    public static Map<String, Tensor> readContactRegression(Path file) throws IOException {
        try (TorchFile torchFile = TorchFile.open(file)) {
            Map<String, TensorRef> refs = CheckpointLayout.contactRegression(file, torchFile.root());
            TensorMaterializer materializer = new TensorMaterializer(file, torchFile);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                out.put(e.getKey(), materializer.materialise(e.getKey(), e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        } catch (PickleException | ArithmeticException | IllegalArgumentException e) {
            throw new CheckpointException(file, "malformed contact-regression file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model as fair-esm's {@code load_model_and_alphabet_local} does: for ESM families, the
     * {@code <stem>-contact-regression.pt} next to it, when present, is merged into the state dict
     * ({@code contact_head.regression.*}) after checking its shape against the model.
     */
    public static Checkpoint readWithContactRegression(Path file) throws IOException {
        Checkpoint model = read(file);
        Path regressionFile = contactRegressionFile(file);
        if (model.family() == Family.CARP || !Files.isRegularFile(regressionFile)) {
            return model;
        }
        Map<String, Tensor> regression = readContactRegression(regressionFile);
        long maps = (long) model.intConfig("layers") * model.intConfig("attention_heads");
        requireShape(regressionFile, regression, "contact_head.regression.weight", new long[] {1, maps});
        requireShape(regressionFile, regression, "contact_head.regression.bias", new long[] {1});
        Map<String, Tensor> state = new LinkedHashMap<>(model.state());
        state.putAll(regression);
        return new Checkpoint(model.family(), model.name(), model.config(), Collections.unmodifiableMap(state));
    }

    /** Where fair-esm expects a model's contact regression weights. */
    public static Path contactRegressionFile(Path modelFile) {
        return modelFile.resolveSibling(stem(modelFile) + CONTACT_REGRESSION_SUFFIX);
    }

    private static void checkShapes(Path file, CheckpointLayout.Interpreted layout) throws CheckpointException {
        Map<String, long[]> expected;
        try {
            expected = ParameterShapes.expected(layout.family(), layout.config());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "bad " + layout.family() + " config: " + e.getMessage(), e);
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorRef tensor = layout.state().get(e.getKey());
            if (tensor == null) {
                throw new CheckpointException(file, layout.family() + " checkpoint is missing parameter " + e.getKey()
                        + " (expected shape " + Arrays.toString(e.getValue()) + ")");
            }
            if (!Arrays.equals(tensor.shape(), e.getValue())) {
                throw new CheckpointException(file, "shape mismatch for " + e.getKey() + ": file has "
                        + Arrays.toString(tensor.shape()) + ", config " + layout.config() + " implies "
                        + Arrays.toString(e.getValue()));
            }
        }
    }

    private static void requireShape(Path file, Map<String, Tensor> tensors, String name, long[] shape)
            throws CheckpointException {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException(file, "missing " + name);
        }
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new CheckpointException(file, "shape mismatch for " + name + ": file has "
                    + Arrays.toString(tensor.shape()) + ", the model implies " + Arrays.toString(shape));
        }
    }

    /** The file name without its last extension: fair-esm's model name. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
