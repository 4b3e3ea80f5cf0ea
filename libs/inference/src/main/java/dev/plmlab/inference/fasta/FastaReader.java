package dev.plmlab.inference.fasta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads FASTA: records start with a {@code >} header whose first word is the id; sequence lines follow
 * and are joined with all whitespace removed. Blank lines are skipped. Letters are kept as written (no
 * case folding): the model's alphabet decides what is valid, as the reference tools do.
 */
public final class FastaReader {

    private FastaReader() {
    }

    /** @throws FastaFormatException for text before the first header or a header without an id */
    public static List<FastaRecord> read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (CharacterCodingException e) {
            throw new FastaFormatException(file + ": not UTF-8 (or ASCII) text, so not a FASTA file");
        }
    }

    /** @param source names the input in error messages */
    public static List<FastaRecord> read(Reader input, String source) throws IOException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        List<FastaRecord> records = new ArrayList<>();
        String id = null;
        String description = null;
        int headerLine = 0;
        StringBuilder sequence = new StringBuilder();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark some editors write
            }
            if (line.startsWith(">")) {
                if (id != null) {
                    records.add(new FastaRecord(id, description, sequence.toString(), headerLine));
                }
                String header = line.substring(1).strip();
                String[] parts = header.split("\\s+", 2);
                if (parts[0].isEmpty()) {
                    throw new FastaFormatException(source + ", line " + lineNumber + ": header '" + line + "' has no id");
                }
                id = parts[0];
                description = parts.length > 1 ? parts[1] : "";
                headerLine = lineNumber;
                sequence.setLength(0);
            } else if (!line.isBlank()) {
                if (id == null) {
                    throw new FastaFormatException(source + ", line " + lineNumber
                            + ": sequence text before the first '>' header (is this a FASTA file?)");
                }
                line.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(sequence::appendCodePoint);
            }
        }
        if (id != null) {
            records.add(new FastaRecord(id, description, sequence.toString(), headerLine));
        }
        return records;
    }
}
