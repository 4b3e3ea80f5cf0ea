package dev.plmlab.cli.embed;

import dev.plmlab.cli.forge.CommandFailure;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.forge.tokens.UnknownTokenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FASTA records checked against a model before anything runs: every letter must be in the model's
 * alphabet, and no sequence may be empty or longer than the model's limit. Errors name the record.
 */
public final class EncodedSequences {

    /** How many over-long records one error message lists before summarising the rest. */
    private static final int LISTED = 10;

    private final List<FastaRecord> records;
    private final int[] residues;

    private EncodedSequences(List<FastaRecord> records, int[] residues) {
        this.records = List.copyOf(records);
        this.residues = residues;
    }

    /**
     * @param modelLabel names the model in messages
     * @throws CommandFailure at the first letter outside the alphabet or empty record, or listing the
     *                        records that are too long
     */
    public static EncodedSequences check(List<FastaRecord> records, Tokenizer tokenizer, Optional<ResidueLimit> limit,
            String modelLabel) throws CommandFailure {
        if (records.isEmpty()) {
            throw new CommandFailure("the FASTA file holds no records");
        }
        int[] residues = new int[records.size()];
        List<String> tooLong = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            FastaRecord record = records.get(i);
            try {
                residues[i] = tokenizer.encode(record.sequence()).length;
            } catch (UnknownTokenException e) {
                throw new CommandFailure(describe(record, i) + ": letter '" + e.letter() + "' at position "
                        + (e.position() + 1) + " is not in the " + modelLabel + " alphabet"
                        + (Character.isLowerCase(e.letter()) ? " (letters are not upper-cased for you: the reference alphabets are upper case)" : ""), e);
            }
            if (residues[i] == 0) {
                throw new CommandFailure(describe(record, i) + " has no residues");
            }
            if (limit.isPresent() && residues[i] > limit.get().maxResidues()) {
                tooLong.add(describe(record, i) + ": " + residues[i] + " residues");
            }
        }
        if (!tooLong.isEmpty()) {
            ResidueLimit l = limit.orElseThrow();
            throw new CommandFailure(tooLong.size() + " sequence(s) longer than the " + l.maxResidues() + " residues "
                    + modelLabel + " accepts (" + l.reason() + "):\n  "
                    + String.join("\n  ", tooLong.subList(0, Math.min(LISTED, tooLong.size())))
                    + (tooLong.size() > LISTED ? "\n  ... and " + (tooLong.size() - LISTED) + " more" : "")
                    + "\nplmlab does not truncate or window sequences yet (a later issue adds those policies); "
                    + "shorten or split these records");
        }
        return new EncodedSequences(records, residues);
    }

    private static String describe(FastaRecord record, int index) {
        return "record '" + record.id() + "' (#" + (index + 1) + ", line " + record.line() + ")";
    }

    public int size() {
        return records.size();
    }

    public FastaRecord record(int index) {
        return records.get(index);
    }

    /** Residues of sequence {@code index}, excluding start/stop tokens (a written {@code <mask>} counts one). */
    public int residues(int index) {
        return residues[index];
    }

    public List<String> sequences(List<Integer> indices) {
        return indices.stream().map(i -> records.get(i).sequence()).toList();
    }

    public String[] ids() {
        return records.stream().map(FastaRecord::id).toArray(String[]::new);
    }
}
