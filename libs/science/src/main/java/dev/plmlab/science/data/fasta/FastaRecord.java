package dev.plmlab.science.data.fasta;

import java.util.Map;

/**
 * One FASTA entry: the header's first word as id, its {@code KEY=VALUE} words (FLIP writes
 * {@code SET=train VALIDATION=False}) and the body with line breaks removed.
 *
 * @param line the header's 1-based line number, for messages
 */
public record FastaRecord(String id, Map<String, String> attributes, String body, int line) {
    public FastaRecord {
        attributes = Map.copyOf(attributes);
    }
}
