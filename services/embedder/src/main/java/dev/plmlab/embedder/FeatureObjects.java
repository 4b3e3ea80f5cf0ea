package dev.plmlab.embedder;

import dev.plmlab.inference.LayerFeatureFiles;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.data.PreparedDataset;
import dev.plmlab.model.data.StoredFeatures;
import dev.plmlab.model.spec.LongSequencePolicy;
import dev.plmlab.model.spec.Pooling;
import dev.plmlab.model.spec.Precision;
import dev.plmlab.service.StoredJson;
import dev.plmlab.store.Npy;
import dev.plmlab.store.NpyAppender;
import dev.plmlab.store.NpyDtype;
import dev.plmlab.store.ObjectStore;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.logging.Logger;

/**
 * Writes one embedding job's features in their stored layout: per part and layer one {@code .npy} object
 * ({@link ObjectKeys#embeddingLayer}), per-residue offsets beside them, and last the manifest. Each part is
 * assembled on local disk from slices (the job's shards), then uploaded file by file, so no layer of a
 * whole part is ever held in the heap (a part is {@link PartFiles#complete completed} explicitly; one closed
 * after a failure uploads nothing). Once the manifest is written the shards are deleted: storage holds
 * the features once.
 */
final class FeatureObjects {

    /** Entry names inside a shard .npz: the layer objects' file names without the suffix. */
    static String layerEntry(int layer) {
        return ObjectKeys.LAYER_FILE_PREFIX + layer;
    }

    static final String OFFSETS_ENTRY = ObjectKeys.OFFSETS_FILE.substring(0, ObjectKeys.OFFSETS_FILE.length() - ObjectKeys.NPY.length());

    private static final Logger LOG = Logger.getLogger(FeatureObjects.class);

    private final ObjectStore store;
    private final String featuresId;
    private final List<Integer> layers;
    private final Pooling pooling;
    private final Precision precision;
    private final int width;
    private final Path work;
    private final LongSequencePolicy longSequences;
    private final int residueLimit;
    private final Map<String, Long> sequences = new LinkedHashMap<>();
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final Map<String, Long> layerBytes = new LinkedHashMap<>();

    /** @param residueLimit the residues a sequence may have before {@code longSequences} applies */
    FeatureObjects(ObjectStore store, String featuresId, List<Integer> layers, Pooling pooling, Precision precision,
                   int width, Path work, LongSequencePolicy longSequences, int residueLimit) {
        this.store = store;
        this.featuresId = featuresId;
        this.layers = List.copyOf(layers);
        this.pooling = pooling;
        this.precision = precision;
        this.width = width;
        this.work = work;
        this.longSequences = longSequences;
        this.residueLimit = residueLimit;
    }

    /** The element type of every layer object and slice of this job. */
    NpyDtype dtype() {
        return LayerFeatureFiles.dtype(precision);
    }

    /** Starts assembling one part from its slices, in order. */
    PartFiles part(String part) throws IOException {
        return new PartFiles(part, Files.createDirectories(work.resolve(part)));
    }

    /** The manifest another embedder (a second replica given the same job) may have written meanwhile. */
    Optional<StoredFeatures> finishedElsewhere() {
        return StoredJson.get(store, ObjectKeys.embeddingManifest(featuresId), StoredFeatures.class);
    }

    /**
     * Writes the manifest (the features are complete from here on) and deletes the job's shards.
     *
     * @param dataset the dataset the features are of: the manifest records how many of its sequences the
     *                long-sequence policy cut, per part
     */
    StoredFeatures finish(String modelId, PreparedDataset dataset) {
        return finish(modelId, dataset, null);
    }

    /** {@link #finish(String, PreparedDataset)}, recording one-hot's residues encoded as X per part. */
    StoredFeatures finish(String modelId, PreparedDataset dataset, Map<String, Long> residuesAsX) {
        Map<String, Long> cut = new LinkedHashMap<>();
        for (String part : PreparedDataset.PARTS) {
            cut.put(part, dataset.part(part).stream().filter(e -> longSequences.cuts(e.sequence().length(), residueLimit)).count());
        }
        StoredFeatures manifest = new StoredFeatures(StoredFeatures.VERSION, featuresId, modelId, layers, pooling, precision,
                width, sequences, rows, layerBytes, longSequences, residueLimit, cut, residuesAsX);
        StoredJson.put(store, ObjectKeys.embeddingManifest(featuresId), manifest);
        deleteShards(store, featuresId);
        return manifest;
    }

    /**
     * Deletes the slices of finished features, best effort: they are only a crash's insurance, and a
     * failure here must not fail a job whose features are complete (the next cache hit sweeps again).
     */
    static void deleteShards(ObjectStore store, String featuresId) {
        try {
            for (String shard : store.list(ObjectKeys.embeddingShards(featuresId))) {
                store.delete(shard);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not delete the shards of finished features %s (they are swept on the next use): %s",
                    featuresId, e.getMessage());
        }
    }

    /** The local files of one part; {@link #close} uploads them. */
    final class PartFiles implements Closeable {

        private final String part;
        private final Map<Integer, NpyAppender> appenders = new TreeMap<>();
        private final NpyAppender offsets;
        private long sequenceCount;

        private PartFiles(String part, Path dir) throws IOException {
            this.part = part;
            for (int layer : layers) {
                appenders.put(layer, new NpyAppender(dir.resolve(layerEntry(layer) + ".npy"), dtype(), width));
            }
            if (pooling == Pooling.NONE) {
                offsets = new NpyAppender(dir.resolve(OFFSETS_ENTRY + ".npy"), NpyDtype.INT64);
                offsets.append(0L);
            } else {
                offsets = null;
            }
        }

        /** Appends {@code sequences} whole rows of one layer from memory (features computed without slices). */
        void appendRows(int layer, float[] values, int sequences) throws IOException {
            if (offsets != null) {
                throw new IllegalStateException("per-residue features are appended with their residue counts (appendResidues)");
            }
            appenders.get(layer).append(values);
            sequenceCount += sequences;
        }

        /** Appends per-residue rows of the only layer from memory: {@code residues[i]} rows for sequence i. */
        void appendResidues(int layer, float[] values, int[] residues) throws IOException {
            if (offsets == null || appenders.size() != 1) {
                throw new IllegalStateException("appendResidues writes the one layer of per-residue features");
            }
            long end = rows();
            for (int count : residues) {
                end += count;
                offsets.append(end);
            }
            appenders.get(layer).append(values);
            sequenceCount += residues.length;
        }

        /**
         * Appends a slice stored as a shard .npz (entries {@code layer-<k>} and, per residue, {@code offsets}
         * starting at 0), checking that it holds {@code expected} sequences and every layer.
         */
        void appendShard(InputStream npz, String source, int expected) throws IOException {
            long firstRow = rows();
            Map<Integer, Long> added = new TreeMap<>();
            long shardRows = offsets == null ? expected : -1;
            ZipInputStream zip = new ZipInputStream(npz);
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName().replaceFirst("\\.npy$", "");
                if (name.equals(OFFSETS_ENTRY) && offsets != null) {
                    long[] local = Npy.read(zip).longs();
                    if (local.length != expected + 1 || local[0] != 0) {
                        throw new IOException(source + " holds offsets for " + (local.length - 1) + " sequences, not "
                                + expected + "; delete it to recompute");
                    }
                    for (int i = 1; i < local.length; i++) {
                        if (local[i] < local[i - 1]) {
                            throw new IOException(source + ": offsets decrease at sequence " + i + "; delete it to recompute");
                        }
                    }
                    for (int i = 1; i < local.length; i++) {
                        offsets.append(firstRow + local[i]);
                    }
                    shardRows = local[local.length - 1];
                    continue;
                }
                NpyAppender appender = name.startsWith(ObjectKeys.LAYER_FILE_PREFIX) ? appenders.get(layerOf(name, source)) : null;
                if (appender == null) {
                    continue; // a layer nobody asked for this time
                }
                long before = appender.rows();
                appender.appendNpy(zip, source + " " + entry.getName());
                added.put(layerOf(name, source), appender.rows() - before);
            }
            if (shardRows < 0) {
                throw new IOException(source + " has no " + OFFSETS_ENTRY + " entry, which per-residue slices need; delete it to recompute");
            }
            for (int layer : layers) {
                Long count = added.get(layer);
                if (count == null || count != shardRows) {
                    throw new IOException(source + " holds " + (count == null ? "no" : count) + " rows of layer " + layer
                            + " where " + shardRows + " belong; delete it to recompute");
                }
            }
            sequenceCount += expected;
        }

        private static int layerOf(String entry, String source) throws IOException {
            try {
                return Integer.parseInt(entry.substring(ObjectKeys.LAYER_FILE_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new IOException(source + " has an entry '" + entry + "' that names no layer");
            }
        }

        private long rows() {
            return appenders.isEmpty() ? 0 : appenders.values().iterator().next().rows();
        }

        /** Finishes the part's files and uploads them (streamed from disk, multipart when large). */
        void complete() throws IOException {
            for (NpyAppender appender : appenders.values()) {
                appender.close();
            }
            if (offsets != null) {
                offsets.close();
            }
            for (Map.Entry<Integer, NpyAppender> e : appenders.entrySet()) {
                store.put(ObjectKeys.embeddingLayer(featuresId, part, e.getKey()), e.getValue().file());
            }
            if (offsets != null) {
                store.put(ObjectKeys.embeddingOffsets(featuresId, part), offsets.file());
            }
            sequences.put(part, sequenceCount);
            rows.put(part, rows());
            layerBytes.put(part, appenders.isEmpty() ? 0 : Files.size(appenders.values().iterator().next().file()));
        }

        /** Deletes the local files; a part closed without {@link #complete} uploads nothing. */
        @Override
        public void close() throws IOException {
            for (NpyAppender appender : appenders.values()) {
                appender.close();
                Files.deleteIfExists(appender.file());
            }
            if (offsets != null) {
                offsets.close();
                Files.deleteIfExists(offsets.file());
            }
        }
    }
}
