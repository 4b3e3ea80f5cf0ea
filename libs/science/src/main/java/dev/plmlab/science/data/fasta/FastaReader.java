package dev.plmlab.science.data.fasta;

import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.ProblemList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads FASTA files into records, in file order. A body may span lines; blank lines and
 * trailing whitespace (CRLF included) are ignored. Text before the first header, an empty header
 * and an empty body are errors naming file:line. Repeated ids are kept: what a repeat means
 * depends on the file's role ({@link FlipFastaLayout} decides).
 */
public final class FastaReader {
    private FastaReader() {
    }

    /** A FASTA file's records in file order, and the name messages use for the file. */
    public record FastaFile(String source, List<FastaRecord> records) {
        public FastaFile {
            records = List.copyOf(records);
        }
    }

    public static FastaFile read(Path file) {
        dev.plmlab.science.data.DataFiles.checkReadable(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DatasetException(file + " is not UTF-8 text, so not a FASTA file", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static FastaFile readZipEntry(Path zip, String entry) {
        String source = zip + "!/" + entry;
        dev.plmlab.science.data.DataFiles.checkReadable(zip);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry found = file.getEntry(entry);
            if (found == null) {
                List<String> names = file.stream().map(ZipEntry::getName).filter(n -> !n.endsWith("/")).toList();
                throw new DatasetException("no entry " + entry + " in " + zip + "; its entries are " + names);
            }
            try (InputStream in = file.getInputStream(found)) {
                return parse(new InputStreamReader(in, StandardCharsets.UTF_8), source);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    public static FastaFile parse(Reader text, String source) throws IOException {
        BufferedReader lines = text instanceof BufferedReader b ? b : new BufferedReader(text);
        List<FastaRecord> records = new ArrayList<>();
        ProblemList problems = new ProblemList();
        String id = null;
        Map<String, String> attributes = null;
        StringBuilder body = new StringBuilder();
        int headerLine = 0;
        int number = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(">")) {
                if (id != null) {
                    add(records, new FastaRecord(id, attributes, body.toString(), headerLine), source, problems);
                }
                String[] words = line.substring(1).trim().split("\\s+");
                headerLine = number;
                id = words[0];
                attributes = new LinkedHashMap<>();
                body.setLength(0);
                if (id.isEmpty()) {
                    problems.add(source + ":" + number + ": header without an id");
                }
                for (int i = 1; i < words.length; i++) {
                    int eq = words[i].indexOf('=');
                    if (eq > 0) {
                        attributes.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                    }
                }
            } else if (id == null) {
                problems.add(source + ":" + number + ": text before the first '>' header");
            } else {
                body.append(line);
            }
        }
        if (id != null) {
            add(records, new FastaRecord(id, attributes, body.toString(), headerLine), source, problems);
        }
        if (records.isEmpty() && problems.size() == 0) {
            problems.add(source + ": no FASTA records");
        }
        problems.throwIfAny(source);
        return new FastaFile(source, records);
    }

    private static void add(List<FastaRecord> records, FastaRecord record, String source, ProblemList problems) {
        if (record.body().isEmpty()) {
            problems.add(source + ":" + record.line() + ": id " + record.id() + ": empty body");
        }
        records.add(record);
    }
}
