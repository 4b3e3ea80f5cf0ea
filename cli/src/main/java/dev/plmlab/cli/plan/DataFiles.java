package dev.plmlab.cli.plan;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.plmlab.model.spec.TaskSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Counts the sequences of a known FLIP dataset from its split files where they are already on this machine,
 * in the folders dataset-prep's locator looks in (a user folder, the shared data folder, the local mode's
 * download cache), at the same relative paths ({@code flip/gb1/splits.zip}, ...). Nothing is downloaded and
 * no checksum is checked: this only counts, dataset-prep checks. The rules are dataset-prep's: FLIP CSVs are
 * {@code sequence,target,set,validation}, train = {@code set==train} without {@code validation==True}, rows
 * without a target or outside the split are skipped; the secondary-structure zip is FASTA with
 * {@code SET=} and {@code VALIDATION=} in the labels' headers; the first {@code max_residues} are kept.
 */
final class DataFiles {

    private static final Set<String> FLIP_CSV = Set.of("gb1", "aav", "meltome", "scl");

    private final List<Path> folders;

    /** @param folders where to look, in order */
    DataFiles(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** The stats of a known dataset whose split file is here; empty when it is not, or is not a FLIP file. */
    Optional<DatasetStats> read(TaskSpec task) {
        if (!task.isKnownDataset()) {
            return Optional.empty();
        }
        boolean csv = FLIP_CSV.contains(task.dataset());
        boolean fasta = task.dataset().equals("ss3") && "sampled".equals(task.split());
        if (!csv && !fasta) {
            return Optional.empty(); // TAPE's LMDB archives: not read here
        }
        String folder = fasta ? "secondary_structure" : task.dataset();
        Optional<Path> zip = find("flip/" + folder + "/splits.zip");
        if (zip.isEmpty()) {
            return Optional.empty();
        }
        try (ZipFile file = new ZipFile(zip.get().toFile())) {
            return fasta ? secondaryStructure(file, task.maxResidues(), zip.get())
                    : flipCsv(file, "splits/" + task.split() + ".csv", task.maxResidues(), task.dataset().equals("scl"), zip.get());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable here: dataset-prep will say why
        }
    }

    private Optional<Path> find(String relativePath) {
        return folders.stream().map(f -> f.resolve(relativePath)).filter(Files::isRegularFile).findFirst();
    }

    private static Optional<DatasetStats> flipCsv(ZipFile zip, String entryName, int maxResidues, boolean classes,
                                                  Path source) throws IOException {
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            return Optional.empty();
        }
        List<Integer> fit = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8));
             MappingIterator<String[]> rows = new CsvMapper().readerFor(String[].class)
                     .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(in)) {
            if (!rows.hasNextValue()) {
                return Optional.empty();
            }
            List<String> names = List.of(rows.nextValue()).stream().map(n -> n.replace("\uFEFF", "").strip()).toList();
            int sequence = names.indexOf("sequence");
            int target = names.indexOf("target");
            int set = names.indexOf("set");
            if (sequence < 0 || target < 0 || set < 0) {
                return Optional.empty();
            }
            while (rows.hasNextValue()) {
                String[] row = rows.nextValue();
                if (row.length < names.size()) {
                    return Optional.empty(); // a short row: leave it to dataset-prep, which says where
                }
                String value = row[target].strip();
                String part = row[set].strip();
                if (value.isEmpty() || part.isEmpty()) {
                    continue;
                }
                int length = kept(row[sequence].strip().length(), maxResidues);
                if (part.equals("test")) {
                    test.add(length);
                } else {
                    fit.add(length);
                }
                if (classes) {
                    labels.add(value);
                }
            }
        }
        String split = entryName.substring(entryName.lastIndexOf('/') + 1);
        return Optional.of(new DatasetStats(ints(fit), ints(test), true, labels.size(), source + " (" + split + ")"));
    }

    private static Optional<DatasetStats> secondaryStructure(ZipFile zip, int maxResidues, Path source) throws IOException {
        Map<String, Integer> lengths = new HashMap<>();
        String id = null;
        ZipEntry sequences = zip.getEntry("splits/sequences.fasta");
        ZipEntry labelsEntry = zip.getEntry("splits/sampled.fasta");
        if (sequences == null || labelsEntry == null) {
            return Optional.empty();
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(sequences), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(">")) {
                    id = firstWord(line);
                    lengths.put(id, 0);
                } else if (id != null) {
                    lengths.merge(id, line.strip().length(), Integer::sum);
                }
            }
        }
        List<Integer> fit = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        Set<Character> classes = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(labelsEntry), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(">")) {
                    Integer length = lengths.get(firstWord(line));
                    if (length == null) {
                        return Optional.empty();
                    }
                    (line.contains("SET=test") ? test : fit).add(kept(length, maxResidues));
                } else {
                    line.strip().chars().forEach(c -> classes.add((char) c));
                }
            }
        }
        return Optional.of(new DatasetStats(ints(fit), ints(test), true, classes.size(), source + " (sampled)"));
    }

    private static String firstWord(String header) {
        String rest = header.substring(1).strip();
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    private static int kept(int length, int maxResidues) {
        return maxResidues > 0 ? Math.min(length, maxResidues) : length;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
