package dev.plmlab.science.data.tape;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.ProblemList;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * Reads a TAPE task archive ({@code <task>.tar.gz}) in either format: LMDB environments
 * ({@code <task>/<task>_<split>.lmdb/data.mdb}, values pickled dicts read by {@link TapeUnpickler},
 * key {@code num_examples} holding the count and keys {@code "0"}, {@code "1"}, … the records) or
 * JSON lists of records ({@code <task>/<task>_<split>.json}).
 *
 * <p>The files needed are extracted from the archive in one pass into a temporary folder (LMDB
 * needs a real file), read, and deleted.
 */
public final class TapeArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path archive;
    private final TapeTask task;
    private final TapeFormat format;

    public TapeArchive(Path archive, TapeTask task, TapeFormat format) {
        this.archive = archive;
        this.task = task;
        this.format = format;
    }

    /**
     * The records of the three files named, as train, validation and test parts (e.g. train,
     * valid, cb513).
     */
    public DataParts read(String trainFile, String validationFile, String testFile, TapeRecords.Labels labels,
                          String alphabet) {
        List<String> names = List.of(task.fileName(trainFile), task.fileName(validationFile), task.fileName(testFile));
        Path folder = null;
        try {
            folder = Files.createTempDirectory("plmlab-tape-");
            Map<String, Path> extracted = extract(names, folder);
            List<List<DataRecord>> parts = new ArrayList<>();
            for (String name : names) {
                parts.add(format == TapeFormat.LMDB ? readLmdb(name, extracted.get(name), labels, alphabet)
                        : readJson(name, extracted.get(name), labels, alphabet));
            }
            dev.plmlab.science.data.DuplicateSequences duplicates = new dev.plmlab.science.data.DuplicateSequences();
            List<String> partNames = List.of("train", "validation", "test");
            for (int i = 0; i < 3; i++) {
                List<DataRecord> part = parts.get(i);
                for (int j = 0; j < part.size(); j++) {
                    DataRecord r = part.get(j);
                    duplicates.add(partNames.get(i), r.sequence(), dev.plmlab.science.data.DuplicateSequences.label(r),
                            names.get(i) + ": record " + (j + 1) + (r.id() == null ? "" : " (id " + r.id() + ")"));
                }
            }
            return new DataParts(parts.get(0), parts.get(1), parts.get(2), List.of(),
                    duplicates.warnings(archive.getFileName().toString()));
        } catch (IOException e) {
            throw new DatasetException("cannot read TAPE archive " + archive + ": " + e.getMessage(), e);
        } finally {
            deleteTree(folder);
        }
    }

    /** Extracts each named file (the LMDB data file or the JSON file) to {@code folder}. */
    private Map<String, Path> extract(List<String> names, Path folder) throws IOException {
        Map<String, String> wanted = new HashMap<>();
        for (String name : names) {
            wanted.put(format == TapeFormat.LMDB ? name + ".lmdb/data.mdb" : name + ".json", name);
        }
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                seen.add(entry.getName());
                for (Map.Entry<String, String> want : wanted.entrySet()) {
                    String entryName = entry.getName();
                    if (entryName.equals(want.getKey()) || entryName.endsWith("/" + want.getKey())) {
                        // our own file names, never the entry's: a crafted entry name cannot escape the folder
                        Path target = Files.createDirectories(folder.resolve(want.getValue())).resolve(
                                format == TapeFormat.LMDB ? "data.mdb" : want.getValue() + ".json");
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        found.put(want.getValue(), target);
                    }
                }
            }
        }
        List<String> missing = names.stream().filter(n -> !found.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new DatasetException("TAPE archive " + archive + " lacks " + missing.stream()
                    .map(n -> format == TapeFormat.LMDB ? n + ".lmdb/data.mdb" : n + ".json").toList()
                    + " (is it the " + format + " archive of " + task.archiveName() + "?); its files are "
                    + (seen.size() > 20 ? seen.subList(0, 20) + " …" : seen));
        }
        return found;
    }

    private List<DataRecord> readLmdb(String name, Path dataFile, TapeRecords.Labels labels, String alphabet) {
        String source = archive + "!/" + name + ".lmdb";
        List<DataRecord> records = new ArrayList<>();
        ProblemList problems = new ProblemList();
        try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxReaders(1)
                .open(dataFile.getParent().toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK)) {
            Dbi<byte[]> db = env.openDbi((byte[]) null);
            try (Txn<byte[]> txn = env.txnRead()) {
                byte[] countValue = db.get(txn, "num_examples".getBytes(StandardCharsets.US_ASCII));
                if (countValue == null) {
                    throw new DatasetException(source + ": no 'num_examples' key (not a TAPE LMDB file?)");
                }
                Object count = TapeUnpickler.load(countValue, source + " key num_examples");
                if (!(count instanceof Number n) || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
                    throw new DatasetException(source + ": num_examples must be a count, got " + count);
                }
                for (int i = 0; i < n.intValue(); i++) {
                    String where = source + " key " + i;
                    byte[] value = db.get(txn, String.valueOf(i).getBytes(StandardCharsets.US_ASCII));
                    if (value == null) {
                        problems.add(where + ": missing (num_examples is " + n + ")");
                        continue;
                    }
                    addRecord(TapeUnpickler.load(value, where), i, where, labels, alphabet, records, problems);
                }
            }
        } catch (org.lmdbjava.LmdbException e) {
            throw new DatasetException(source + ": not a readable LMDB environment: " + e.getMessage(), e);
        }
        problems.throwIfAny(source);
        return records;
    }

    private List<DataRecord> readJson(String name, Path file, TapeRecords.Labels labels, String alphabet) {
        String source = archive + "!/" + name + ".json";
        List<Object> items;
        try {
            items = JSON.readValue(file.toFile(), new TypeReference<List<Object>>() { });
        } catch (JacksonException e) {
            throw new DatasetException(source + ": not a JSON list of records: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + source + ": " + e.getMessage(), e);
        }
        List<DataRecord> records = new ArrayList<>();
        ProblemList problems = new ProblemList();
        for (int i = 0; i < items.size(); i++) {
            addRecord(items.get(i), i, source + " record " + i, labels, alphabet, records, problems);
        }
        problems.throwIfAny(source);
        return records;
    }

    private void addRecord(Object loaded, int index, String where, TapeRecords.Labels labels, String alphabet,
                           List<DataRecord> records, ProblemList problems) {
        if (!(loaded instanceof Map<?, ?> map)) {
            problems.add(where + ": expected a dict record, got " + (loaded == null ? "None" : loaded.getClass().getSimpleName()));
            return;
        }
        Map<String, Object> fields = new HashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        fields.putIfAbsent("id", String.valueOf(index)); // TAPE's own default id
        DataRecord record = TapeRecords.convert(task, labels, fields, where, alphabet, problems);
        if (record != null) {
            records.add(record);
        }
    }

    private static void deleteTree(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing a dataset over
        }
    }
}
