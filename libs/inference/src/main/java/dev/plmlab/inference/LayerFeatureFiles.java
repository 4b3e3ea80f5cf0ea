package dev.plmlab.inference;

import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.store.NpyAppender;
import dev.plmlab.store.NpyDtype;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An {@link EmbeddingSink} that writes features into a local folder as one NumPy {@code .npy} per layer,
 * appended as results arrive, so only a 64 KiB buffer per file is held whatever the number of sequences:
 * <ul>
 *   <li>pooled ({@code perResidue == false}): {@code layer-<k>.npy}, shape {@code [n, D]}, row i = sequence i's
 *       mean over its residues at layer k;</li>
 *   <li>per residue: {@code layer-<k>.npy}, shape {@code [R, D]}, the embedded residues of every sequence
 *       concatenated in input order, and one {@code offsets.npy}, int64 {@code [n+1]}, shared by all layers:
 *       sequence i's rows are {@code offsets[i] .. offsets[i+1]-1}. Rows follow
 *       {@link SequenceEmbedding#residuePositions()} (all residues, except those a truncating long-sequence
 *       policy dropped); start/stop tokens and padding are never rows.</li>
 * </ul>
 * Files are complete {@code .npy} (numpy reads them) after {@link #close}; the file names are
 * {@link #layerFileName(int)} and {@link #OFFSETS_FILE}, as the object keys of
 * {@code dev.plmlab.model.ObjectKeys#embeddingLayer} and {@code #embeddingOffsets} name them. With no
 * sequences at all the width is unknown and every layer file has shape {@code [0, 0]}.
 *
 * <pre>{@code
 * try (LayerFeatureFiles files = new LayerFeatureFiles(dir, List.of(0, 33), false, NpyDtype.FLOAT16)) {
 *     embedder.embed(ids, sequences, files);
 * }
 * Path layer33 = files.layerFile(33);   // [n, 1280] float16
 * }</pre>
 *
 * <p>Not thread-safe: one embedding stream at a time.
 */
public final class LayerFeatureFiles implements EmbeddingSink, Closeable {

    /** Per-residue features: the row offsets of each sequence, int64 {@code [n+1]} (named as the store names it). */
    public static final String OFFSETS_FILE = ObjectKeys.OFFSETS_FILE;

    private final Path dir;
    private final List<Integer> layers;
    private final boolean perResidue;
    private final NpyDtype dtype;
    private final Map<Integer, NpyAppender> files = new LinkedHashMap<>();
    private final NpyAppender offsets;
    private int width = -1;
    private long sequences;
    private long rows;
    private boolean closed;

    /**
     * @param dir        created if absent; the files are created or replaced in it
     * @param layers     the layers to write (0 = embeddings .. L); written ascending, without repeats
     * @param perResidue per-residue rows plus offsets, or one pooled row per sequence
     * @param dtype      {@link NpyDtype#FLOAT32} or {@link NpyDtype#FLOAT16}
     */
    public LayerFeatureFiles(Path dir, List<Integer> layers, boolean perResidue, NpyDtype dtype) throws IOException {
        if (dtype != NpyDtype.FLOAT32 && dtype != NpyDtype.FLOAT16) {
            throw new IllegalArgumentException("features are float32 or float16, not " + dtype);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layers to write");
        }
        for (Integer layer : layers) {
            if (layer == null || layer < 0) {
                throw new IllegalArgumentException("layers must be >= 0, got " + layers);
            }
        }
        this.dir = Files.createDirectories(dir);
        this.layers = List.copyOf(new TreeSet<>(layers));
        this.perResidue = perResidue;
        this.dtype = dtype;
        if (perResidue) {
            this.offsets = new NpyAppender(dir.resolve(OFFSETS_FILE), NpyDtype.INT64);
            this.offsets.append(0L);
        } else {
            this.offsets = null;
        }
    }

    /** The numpy dtype that stores a {@link Precision}. */
    public static NpyDtype dtype(Precision precision) {
        return precision == Precision.FLOAT16 ? NpyDtype.FLOAT16 : NpyDtype.FLOAT32;
    }

    /** {@code layer-<k>.npy}, as the store names the layer's object. */
    public static String layerFileName(int layer) {
        return ObjectKeys.layerFileName(layer);
    }

    /** Takes the next chunk of a stream; {@code firstIndex} must be the number of sequences written so far. */
    @Override
    public void accept(int firstIndex, List<SequenceEmbedding> embeddings) throws IOException {
        if (firstIndex != sequences) {
            throw new IllegalStateException("chunk starts at sequence " + firstIndex + " but " + sequences
                    + " sequence(s) are written: chunks must arrive in input order without gaps");
        }
        add(embeddings);
    }

    /** Appends sequences in order. */
    public void add(List<SequenceEmbedding> embeddings) throws IOException {
        for (SequenceEmbedding embedding : embeddings) {
            add(embedding);
        }
    }

    /** Appends the next sequence. */
    public void add(SequenceEmbedding embedding) throws IOException {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        float[][] pooled = embedding.pooled();
        if (width < 0) {
            open(pooled.length == 0 ? 0 : pooled[0].length);
        }
        long added = perResidue ? embedding.residuePositions().length : 1;
        for (int layer : layers) {
            NpyAppender file = files.get(layer);
            if (perResidue) {
                float[][] states = embedding.perResidue().get(layer);
                if (states == null) {
                    throw new IllegalArgumentException("the embedding has no per-residue states for layer " + layer
                            + " (has " + new TreeSet<>(embedding.perResidue().keySet())
                            + "): embed with EmbeddingOptions.withPerResidueLayers including it");
                }
                if (states.length != added) {
                    throw new IllegalArgumentException("layer " + layer + " has " + states.length + " rows for "
                            + added + " residue positions");
                }
                for (float[] row : states) {
                    appendRow(file, row, layer);
                }
            } else {
                if (layer >= pooled.length) {
                    throw new IllegalArgumentException("layer " + layer + " requested, the model has layers 0.."
                            + (pooled.length - 1));
                }
                appendRow(file, pooled[layer], layer);
            }
        }
        rows += added;
        sequences++;
        if (perResidue) {
            offsets.append(rows);
        }
    }

    private void appendRow(NpyAppender file, float[] row, int layer) throws IOException {
        if (row.length != width) {
            throw new IllegalArgumentException("layer " + layer + " has width " + row.length + ", earlier rows " + width);
        }
        file.append(row, 0, row.length);
    }

    private void open(int dim) throws IOException {
        width = dim;
        for (int layer : layers) {
            files.put(layer, new NpyAppender(dir.resolve(layerFileName(layer)), dtype, dim));
        }
    }

    /** The layers written, ascending. */
    public List<Integer> layers() {
        return layers;
    }

    public boolean perResidue() {
        return perResidue;
    }

    public NpyDtype dtype() {
        return dtype;
    }

    /** {@code dir/layer-<k>.npy}; complete once {@link #close} has returned. */
    public Path layerFile(int layer) {
        if (!layers.contains(layer)) {
            throw new IllegalArgumentException("layer " + layer + " is not written here (layers " + layers + ")");
        }
        return dir.resolve(layerFileName(layer));
    }

    /** {@code dir/offsets.npy} for per-residue features; empty when pooled. */
    public Optional<Path> offsetsFile() {
        return perResidue ? Optional.of(dir.resolve(OFFSETS_FILE)) : Optional.empty();
    }

    /** Sequences written: n. */
    public long sequences() {
        return sequences;
    }

    /** Rows of every layer file: n pooled, R (all sequences' residues) per residue. */
    public long rows() {
        return rows;
    }

    /** D, or -1 before the first sequence. */
    public int width() {
        return width;
    }

    /** Every file written, layers ascending, then offsets. */
    public List<Path> files() {
        List<Path> all = new ArrayList<>();
        layers.forEach(layer -> all.add(layerFile(layer)));
        offsetsFile().ifPresent(all::add);
        return all;
    }

    /** Finishes every file (final headers). Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (width < 0) {
            open(0);
        }
        IOException failure = null;
        List<NpyAppender> all = new ArrayList<>(files.values());
        if (offsets != null) {
            all.add(offsets);
        }
        for (NpyAppender file : all) {
            try {
                file.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "LayerFeatureFiles(" + dir + ", layers " + layers + (perResidue ? ", per residue" : ", pooled") + ", "
                + dtype + ", " + sequences + " sequences, " + rows + " rows" + (width >= 0 ? " x " + width : "") + ")"
                + (closed ? " closed" : "");
    }
}
