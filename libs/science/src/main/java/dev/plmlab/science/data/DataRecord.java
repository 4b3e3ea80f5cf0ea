package dev.plmlab.science.data;

/**
 * One example as read from any source, before the class set is fitted. Exactly one kind of
 * label is set: a regression {@code value}, a {@code className} (sequence classification) or
 * per-residue {@code labels} (one letter per residue, optionally with a 0/1 {@code mask}).
 *
 * @param id where the source names its examples (FASTA, TAPE), else null
 */
public record DataRecord(String id, String sequence, Double value, String className, String labels, String mask) {

    public static DataRecord regression(String id, String sequence, double value) {
        return new DataRecord(id, sequence, value, null, null, null);
    }

    public static DataRecord classification(String id, String sequence, String className) {
        return new DataRecord(id, sequence, null, className, null, null);
    }

    public static DataRecord perResidue(String id, String sequence, String labels, String mask) {
        return new DataRecord(id, sequence, null, null, labels, mask);
    }
}
