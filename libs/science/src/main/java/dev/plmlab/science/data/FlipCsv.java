package dev.plmlab.science.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Parser for FLIP split CSVs: a header naming at least {@code sequence,target,set,validation}
 * (in any order; other columns are ignored), then one row per example. {@code set} is
 * {@code train} or {@code test}; {@code validation} is {@code True} for the validation part of
 * train and {@code False} or empty otherwise (FLIP writes it empty).
 *
 * <p>Every residue is checked against the configured alphabet. A row with an empty target is
 * an error by default (a regression split has no use for it), or skipped and counted when
 * {@link #skippingEmptyTargets()} is set. Problems are collected over the whole file and
 * thrown together as one {@link DatasetException}; each names the file, the 1-based line
 * number and the cause (for residues also the letter and its 1-based position).
 *
 * <p>FLIP's CSVs quote nothing (sequences and numbers hold no commas), so a quoted field is
 * reported as an error rather than half-parsed.
 */
public final class FlipCsv {
    private static final int MAX_REPORTED_PROBLEMS = 50;
    private static final List<String> REQUIRED = List.of("sequence", "target", "set", "validation");

    private final String alphabet;
    private final int keepFirstResidues;
    private final boolean skipEmptyTargets;

    private FlipCsv(String alphabet, int keepFirstResidues, boolean skipEmptyTargets) {
        this.alphabet = alphabet;
        this.keepFirstResidues = keepFirstResidues;
        this.skipEmptyTargets = skipEmptyTargets;
    }

    /** A parser accepting exactly the letters of {@code alphabet}, keeping whole sequences. */
    public static FlipCsv withAlphabet(String alphabet) {
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("alphabet must not be empty");
        }
        return new FlipCsv(alphabet, 0, false);
    }

    /**
     * Keep only the first {@code n} residues of each sequence (GB1: 56, as the reference does,
     * because only that part of the 265-residue fusion construct varies). Residues after the
     * first n are not checked against the alphabet either, since they are not used.
     */
    public FlipCsv keepingFirstResidues(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("must keep at least one residue, got " + n);
        }
        return new FlipCsv(alphabet, n, skipEmptyTargets);
    }

    /** Skip rows whose target is empty instead of failing; see {@link Result#skippedEmptyTargets()}. */
    public FlipCsv skippingEmptyTargets() {
        return new FlipCsv(alphabet, keepFirstResidues, true);
    }

    /** The parsed dataset and how many rows with an empty target were skipped. */
    public record Result(LabeledDataset dataset, int skippedEmptyTargets) {
    }

    public Result read(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return parse(reader, csv.toString());
        } catch (IOException e) {
            throw new DatasetException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Reads the CSV stored as {@code entry} (e.g. {@code splits/sampled.csv}) inside a zip. */
    public Result readZipEntry(Path zip, String entry) {
        String source = zip + "!/" + entry;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry found = file.getEntry(entry);
            if (found == null) {
                List<String> names = file.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".csv")).toList();
                throw new DatasetException("no entry " + entry + " in " + zip + "; its CSV entries are " + names);
            }
            try (InputStream in = file.getInputStream(found)) {
                return parse(new InputStreamReader(in, StandardCharsets.UTF_8), source);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Parses CSV text; {@code source} names it in error messages. */
    public Result parse(Reader reader, String source) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = lines.readLine();
        if (header == null) {
            throw new DatasetException(source + ": empty file, expected a header " + String.join(",", REQUIRED));
        }
        Map<String, Integer> columns = headerColumns(source, stripBom(header));

        List<LabeledSequence> train = new ArrayList<>();
        List<LabeledSequence> validation = new ArrayList<>();
        List<LabeledSequence> test = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        int lineNumber = 1;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String where = source + ":" + lineNumber;
            String[] fields = line.split(",", -1);
            if (fields.length != columns.size()) {
                problems.add(where + ": " + fields.length + " fields, the header has " + columns.size());
                continue;
            }
            if (line.indexOf('"') >= 0) {
                problems.add(where + ": quoted fields are not supported in FLIP CSVs");
                continue;
            }
            String sequence = fields[columns.get("sequence")].trim();
            String targetText = fields[columns.get("target")].trim();
            String set = fields[columns.get("set")].trim().toLowerCase(Locale.ROOT);
            String validationText = fields[columns.get("validation")].trim().toLowerCase(Locale.ROOT);

            int problemsBefore = problems.size();
            if (keepFirstResidues > 0 && sequence.length() > keepFirstResidues) {
                sequence = sequence.substring(0, keepFirstResidues);
            }
            if (sequence.isEmpty()) {
                problems.add(where + ": empty sequence");
            }
            checkResidues(where, sequence, problems);
            boolean isValidation = switch (validationText) {
                case "true" -> true;
                case "false", "" -> false;
                default -> {
                    problems.add(where + ": validation must be True, False or empty, got '"
                            + fields[columns.get("validation")] + "'");
                    yield false;
                }
            };
            if (!set.equals("train") && !set.equals("test")) {
                problems.add(where + ": set must be train or test, got '" + fields[columns.get("set")] + "'");
            } else if (set.equals("test") && isValidation) {
                problems.add(where + ": a test row is marked validation=True");
            }
            double target = Double.NaN;
            if (targetText.isEmpty()) {
                if (!skipEmptyTargets) {
                    problems.add(where + ": empty target (use skippingEmptyTargets() to skip such rows)");
                }
            } else {
                try {
                    target = Double.parseDouble(targetText);
                    if (!Double.isFinite(target)) {
                        problems.add(where + ": target is not finite: " + targetText);
                    }
                } catch (NumberFormatException e) {
                    problems.add(where + ": target is not a number: '" + targetText + "'");
                }
            }
            if (problems.size() > problemsBefore) {
                continue;
            }
            if (targetText.isEmpty()) {
                skipped++;
                continue;
            }
            LabeledSequence example = new LabeledSequence(sequence, target);
            if (set.equals("test")) {
                test.add(example);
            } else if (isValidation) {
                validation.add(example);
            } else {
                train.add(example);
            }
        }
        if (!problems.isEmpty()) {
            int total = problems.size();
            List<String> reported = problems.size() > MAX_REPORTED_PROBLEMS
                    ? new ArrayList<>(problems.subList(0, MAX_REPORTED_PROBLEMS)) : problems;
            if (total > MAX_REPORTED_PROBLEMS) {
                reported.add("... and " + (total - MAX_REPORTED_PROBLEMS) + " more");
            }
            throw new DatasetException(source + ": " + total + " problem(s)", reported);
        }
        return new Result(new LabeledDataset(train, validation, test), skipped);
    }

    private void checkResidues(String where, String sequence, List<String> problems) {
        for (int i = 0; i < sequence.length(); i++) {
            char letter = sequence.charAt(i);
            if (alphabet.indexOf(letter) < 0) {
                problems.add(where + ": letter '" + letter + "' at residue " + (i + 1)
                        + " is not in the alphabet " + alphabet);
            }
        }
    }

    private static Map<String, Integer> headerColumns(String source, String header) {
        Map<String, Integer> columns = new HashMap<>();
        String[] names = header.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            String name = names[i].trim().toLowerCase(Locale.ROOT);
            if (columns.put(name, i) != null) {
                throw new DatasetException(source + ":1: column '" + name + "' appears twice in the header");
            }
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new DatasetException(source + ":1: header lacks column(s) " + missing
                    + "; expected " + String.join(",", REQUIRED) + ", got '" + header + "'");
        }
        return columns;
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }
}
