package dev.plmlab.inference.fasta;

/**
 * One FASTA record.
 *
 * @param id          the header up to the first whitespace
 * @param description the rest of the header (may be empty)
 * @param sequence    the sequence lines joined, whitespace removed, letters as written
 * @param line        the header's line number (1-based), for messages
 */
public record FastaRecord(String id, String description, String sequence, int line) {
}
