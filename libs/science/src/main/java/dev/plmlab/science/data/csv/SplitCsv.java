package dev.plmlab.science.data.csv;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.plmlab.science.data.DataParts;
import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.DataFiles;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.DuplicateSequences;
import dev.plmlab.science.data.ProblemList;
import dev.plmlab.science.data.Residues;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a split from a CSV in FLIP's layout (a {@code set} column of train/test and a
 * {@code validation} column marking the validation part of train), with the columns named by
 * role: {@code sequence}, {@code target}, {@code set}, {@code validation}, {@code labels}. It is a
 * real CSV parser (quoted fields, a byte-order mark and CRLF line ends are fine).
 *
 * <p>What a row's label is depends on {@link LabelKind}: a number, a class name, or a per-residue
 * label string as long as the sequence. Every problem in the file is collected, each naming
 * file:line and the cause, and thrown together. Rows left out on purpose (an empty target with
 * {@link #skippingEmptyTargets()}, an empty set with {@link #skippingRowsOutsideTheSplit()}) are
 * counted in the result's notes.
 */
public final class SplitCsv {
    /** What a row's label is. */
    public enum LabelKind { NUMBER, CLASS_NAME, RESIDUE_LABELS }

    public static final List<String> ROLES = List.of("sequence", "target", "set", "validation", "labels");

    private final Map<String, String> columns;
    private final LabelKind kind;
    private final String alphabet;
    private final int keepFirstResidues;
    private final boolean skipEmptyTargets;
    private final boolean skipOutsideSplit;

    private SplitCsv(Map<String, String> columns, LabelKind kind, String alphabet, int keepFirstResidues,
                     boolean skipEmptyTargets, boolean skipOutsideSplit) {
        this.columns = columns;
        this.kind = kind;
        this.alphabet = alphabet;
        this.keepFirstResidues = keepFirstResidues;
        this.skipEmptyTargets = skipEmptyTargets;
        this.skipOutsideSplit = skipOutsideSplit;
    }

    /**
     * @param columns role → header name; roles not given keep their own name as header name
     * @param alphabet the residue letters accepted
     */
    public static SplitCsv of(LabelKind kind, Map<String, String> columns, String alphabet) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String role : ROLES) {
            named.put(role, role);
        }
        if (columns != null) {
            columns.forEach((role, header) -> {
                if (!ROLES.contains(role)) {
                    throw new DatasetException("unknown column role '" + role + "'; roles are " + ROLES);
                }
                named.put(role, header);
            });
        }
        return new SplitCsv(Map.copyOf(named), kind, alphabet, 0, false, false);
    }

    /** Keeps only the first {@code n} residues (and labels) of each sequence. */
    public SplitCsv keepingFirstResidues(int n) {
        return new SplitCsv(columns, kind, alphabet, n, skipEmptyTargets, skipOutsideSplit);
    }

    /** Skips rows whose target is empty and counts them, instead of failing. */
    public SplitCsv skippingEmptyTargets() {
        return new SplitCsv(columns, kind, alphabet, keepFirstResidues, true, skipOutsideSplit);
    }

    /**
     * Skips rows whose {@code set} is empty and counts them: FLIP's AAV CSVs hold every variant,
     * with {@code set} left empty for those outside the split.
     */
    public SplitCsv skippingRowsOutsideTheSplit() {
        return new SplitCsv(columns, kind, alphabet, keepFirstResidues, skipEmptyTargets, true);
    }

    public DataParts read(Path csv) {
        DataFiles.checkReadable(csv);
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return parse(reader, csv.toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DatasetException(csv + " is not UTF-8 text, so not a CSV file", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Reads the CSV stored as {@code entry} (e.g. {@code splits/one_vs_many.csv}) inside a zip. */
    public DataParts readZipEntry(Path zip, String entry) {
        String source = zip + "!/" + entry;
        dev.plmlab.science.data.DataFiles.checkReadable(zip);
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

    /** Parses CSV text; {@code source} names it in messages. */
    public DataParts parse(Reader text, String source) throws IOException {
        CsvMapper mapper = new CsvMapper();
        List<DataRecord> train = new ArrayList<>();
        List<DataRecord> validation = new ArrayList<>();
        List<DataRecord> test = new ArrayList<>();
        ProblemList problems = new ProblemList();
        int emptyTargets = 0;
        int outsideSplit = 0;
        int dataRows = 0;
        DuplicateSequences duplicates = new DuplicateSequences();
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.SKIP_EMPTY_LINES)
                .readValues(withoutByteOrderMark(text))) {
            if (!rows.hasNextValue()) {
                throw new DatasetException(source + ": empty file, expected a header naming " + required());
            }
            Header header = header(source, rows.nextValue());
            Map<String, Integer> index = header.index();
            while (rows.hasNextValue()) {
                String[] fields = rows.nextValue();
                String where = source + ":" + rows.getParser().currentTokenLocation().getLineNr();
                dataRows++;
                if (fields.length != header.width()) {
                    problems.add(where + ": " + fields.length + " fields, the header has " + header.width());
                    continue;
                }
                int before = problems.size();
                String sequence = field(fields, index, "sequence");
                String labels = kind == LabelKind.RESIDUE_LABELS ? field(fields, index, "labels") : null;
                String set = field(fields, index, "set").toLowerCase(Locale.ROOT);
                String validationText = index.containsKey("validation")
                        ? field(fields, index, "validation").toLowerCase(Locale.ROOT) : "";
                String target = kind == LabelKind.RESIDUE_LABELS ? null : field(fields, index, "target");

                if (set.isEmpty() && skipOutsideSplit) {
                    outsideSplit++;
                    continue;
                }
                if (keepFirstResidues > 0 && sequence.length() > keepFirstResidues) {
                    sequence = sequence.substring(0, keepFirstResidues);
                    if (labels != null && labels.length() > keepFirstResidues) {
                        labels = labels.substring(0, keepFirstResidues);
                    }
                }
                if (sequence.isEmpty()) {
                    problems.add(where + ": empty sequence");
                }
                Residues.check(where, sequence, alphabet, problems);
                boolean isValidation = switch (validationText) {
                    case "true" -> true;
                    case "false", "" -> false;
                    default -> {
                        problems.add(where + ": " + columns.get("validation") + " must be True, False or empty, got '"
                                + shortened(validationText) + "'");
                        yield false;
                    }
                };
                if (!set.equals("train") && !set.equals("test")) {
                    problems.add(where + ": " + columns.get("set") + " must be train or test, got '" + shortened(set) + "'");
                } else if (set.equals("test") && isValidation) {
                    problems.add(where + ": a test row is marked " + columns.get("validation") + "=True");
                }
                DataRecord record = null;
                boolean emptyTarget = false;
                switch (kind) {
                    case NUMBER -> {
                        if (target.isEmpty()) {
                            emptyTarget = true;
                        } else {
                            Double value = number(target);
                            if (value == null) {
                                problems.add(where + ": " + columns.get("target") + " must be a finite decimal number, got '"
                                        + shortened(target) + "'");
                            } else {
                                record = DataRecord.regression(null, sequence, value);
                            }
                        }
                    }
                    case CLASS_NAME -> {
                        if (target.isEmpty()) {
                            emptyTarget = true;
                        } else {
                            record = DataRecord.classification(null, sequence, target);
                        }
                    }
                    case RESIDUE_LABELS -> {
                        if (labels.length() != sequence.length()) {
                            problems.add(where + ": " + labels.length() + " labels for " + sequence.length()
                                    + " residues (column " + columns.get("labels") + " needs one label per residue)");
                        } else {
                            record = DataRecord.perResidue(null, sequence, labels, null);
                        }
                    }
                }
                if (emptyTarget && !skipEmptyTargets) {
                    problems.add(where + ": empty target");
                }
                if (problems.size() > before) {
                    continue;
                }
                if (emptyTarget) {
                    emptyTargets++;
                    continue;
                }
                String part = set.equals("test") ? "test" : isValidation ? "validation" : "train";
                duplicates.add(part, sequence, kind == LabelKind.RESIDUE_LABELS ? labels : target, where);
                (set.equals("test") ? test : isValidation ? validation : train).add(record);
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // the parser cannot go on past broken quoting; report it with what was found before
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            problems.add(source + (line > 0 ? ":" + line : "") + ": not a readable CSV row: " + e.getOriginalMessage());
        }
        problems.throwIfAny(source);
        if (dataRows == 0) {
            throw new DatasetException(source + ": no data rows, only a header: expected one row per sequence");
        }
        if (train.isEmpty() && validation.isEmpty() && test.isEmpty()) {
            throw new DatasetException(source + ": none of its " + dataRows + " row(s) is part of the split ("
                    + emptyTargets + " with an empty target, " + outsideSplit + " with an empty set)");
        }
        if (train.isEmpty()) {
            throw new DatasetException(source + ": no training rows (column " + columns.get("set")
                    + " is never 'train', or every train row is validation): a probe cannot be fitted");
        }
        if (test.isEmpty()) {
            throw new DatasetException(source + ": no test rows (column " + columns.get("set") + " is never 'test')");
        }
        List<String> notes = new ArrayList<>();
        if (emptyTargets > 0) {
            notes.add(source + ": skipped " + emptyTargets + " row(s) with an empty target");
        }
        if (outsideSplit > 0) {
            notes.add(source + ": skipped " + outsideSplit + " row(s) with an empty set (not part of this split)");
        }
        return new DataParts(train, validation, test, notes, duplicates.warnings(source));
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");

    /** A plain decimal number (no hex, no type suffix, no NaN or infinity) that is finite, else null. */
    private static Double number(String text) {
        if (text.length() > 100 || !DECIMAL.matcher(text).matches()) {
            return null;
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? value : null;
    }

    private static final java.util.regex.Pattern COLUMN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9 _.()-]{1,40}");

    /**
     * The header's names when they look like column names (so that a typo is easy to see); otherwise only
     * their count, so that the first line of a file that is not a CSV (a key, a password file) is never quoted.
     */
    private static String described(String[] names) {
        boolean columnLike = names.length >= 2 && names.length <= 20
                && java.util.Arrays.stream(names).allMatch(n -> COLUMN_NAME.matcher(n.trim()).matches());
        return columnLike ? "it has " + List.of(names)
                : "its first line does not look like a CSV header (" + names.length + " field(s); not quoted here)";
    }

    /** A field as quoted in a message: the offending field only, cut when long. */
    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "… (" + text.length() + " characters)";
    }

    private List<String> required() {
        List<String> roles = new ArrayList<>(List.of("sequence", "set"));
        roles.add(kind == LabelKind.RESIDUE_LABELS ? "labels" : "target");
        return roles.stream().map(columns::get).toList();
    }

    /** Role → column index; the validation column may be absent (then nothing is validation). */
    private Header header(String source, String[] names) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].trim();
            if (byName.put(name, i) != null) {
                throw new DatasetException(source + ":1: column '" + name + "' appears twice in the header");
            }
        }
        List<String> missing = required().stream().filter(c -> !byName.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new DatasetException(source + ":1: header lacks column(s) " + missing + "; " + described(names));
        }
        Map<String, Integer> index = new HashMap<>();
        columns.forEach((role, header) -> {
            if (byName.containsKey(header)) {
                index.put(role, byName.get(header));
            }
        });
        return new Header(index, names.length);
    }

    private static String field(String[] fields, Map<String, Integer> index, String role) {
        return fields[index.get(role)].trim();
    }

    private static Reader withoutByteOrderMark(Reader text) throws IOException {
        PushbackReader reader = new PushbackReader(text, 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    /** Column index of each role present in the header, and how many columns the header has. */
    private record Header(Map<String, Integer> index, int width) {
    }
}
