package dev.plmlab.science.data.tape;

import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.ProblemList;
import dev.plmlab.science.data.Residues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Turns one TAPE record (a dict from an LMDB pickle or a JSON object) into a {@link DataRecord}.
 * Fields: secondary structure {@code primary, ss3, ss8, valid_mask, id}; fluorescence
 * {@code primary, log_fluorescence}; stability {@code primary, stability_score} (the scores are
 * one-element arrays or lists: element 0 is the target).
 *
 * <p>Secondary-structure classes are TAPE's integers, written here as letters in TAPE's order
 * (its data_utils/vocabs.py): ss3 0 H (helix), 1 E (strand), 2 C (coil); ss8 0 G, 1 H, 2 I, 3 B,
 * 4 E, 5 S, 6 T, 7 C (DSSP). {@code valid_mask} becomes the 0/1 mask of scored residues.
 */
public final class TapeRecords {
    /** TAPE's ss3 classes, index = TAPE's integer. */
    public static final String SS3_LETTERS = "HEC";
    /** TAPE's ss8 classes (DSSP), index = TAPE's integer. */
    public static final String SS8_LETTERS = "GHIBESTC";

    /** Which label a secondary-structure record gives. */
    public enum Labels { SS3, SS8 }

    private TapeRecords() {
    }

    /**
     * @param where names the record in messages (file and key or index)
     * @param labels for secondary structure: ss3 or ss8; ignored otherwise
     */
    public static DataRecord convert(TapeTask task, Labels labels, Map<String, Object> record, String where,
                                     String alphabet, ProblemList problems) {
        Object primaryField = record.get("primary");
        if (!(primaryField instanceof String primary) || primary.isEmpty()) {
            problems.add(where + ": field 'primary' must be a non-empty string, got " + describe(primaryField));
            return null;
        }
        int before = problems.size();
        Residues.check(where, primary, alphabet, problems);
        DataRecord converted = switch (task) {
            case SECONDARY_STRUCTURE -> secondaryStructure(labels, record, where, primary, problems);
            case FLUORESCENCE -> score(record, "log_fluorescence", where, primary, problems);
            case STABILITY -> score(record, "stability_score", where, primary, problems);
        };
        return problems.size() > before ? null : converted;
    }

    private static DataRecord secondaryStructure(Labels labels, Map<String, Object> record, String where, String primary,
                                                 ProblemList problems) {
        String field = labels == Labels.SS8 ? "ss8" : "ss3";
        String letters = labels == Labels.SS8 ? SS8_LETTERS : SS3_LETTERS;
        double[] classes = numbers(record.get(field), where, field, problems);
        double[] valid = numbers(record.get("valid_mask"), where, "valid_mask", problems);
        if (classes == null || valid == null) {
            return null;
        }
        if (classes.length != primary.length() || valid.length != primary.length()) {
            problems.add(where + ": " + primary.length() + " residues but " + classes.length + " " + field
                    + " labels and " + valid.length + " valid_mask entries");
            return null;
        }
        StringBuilder text = new StringBuilder(classes.length);
        StringBuilder mask = new StringBuilder(valid.length);
        for (int i = 0; i < classes.length; i++) {
            double c = classes[i];
            if (c != Math.rint(c) || c < 0 || c >= letters.length()) {
                problems.add(where + ": " + field + " label " + c + " at residue " + (i + 1) + " is not one of 0.."
                        + (letters.length() - 1));
                return null;
            }
            text.append(letters.charAt((int) c));
            mask.append(valid[i] != 0 ? '1' : '0');
        }
        return DataRecord.perResidue(id(record.get("id")), primary, text.toString(), mask.toString());
    }

    private static DataRecord score(Map<String, Object> record, String field, String where, String primary,
                                    ProblemList problems) {
        double[] values = numbers(record.get(field), where, field, problems);
        if (values == null) {
            return null;
        }
        if (values.length < 1 || !Double.isFinite(values[0])) {
            problems.add(where + ": field '" + field + "' must hold a finite number, got " + values.length + " values");
            return null;
        }
        return DataRecord.regression(id(record.get("id")), primary, values[0]);
    }

    /** A numpy array, a list of numbers or booleans, or one number, as doubles; null (and a problem) otherwise. */
    private static double[] numbers(Object value, String where, String field, ProblemList problems) {
        if (value instanceof NumpyArray array) {
            double[] out = new double[array.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = array.get(i);
            }
            return out;
        }
        if (value instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                Object item = list.get(i);
                if (item instanceof Number n) {
                    out[i] = n.doubleValue();
                } else if (item instanceof Boolean b) {
                    out[i] = b ? 1 : 0;
                } else {
                    problems.add(where + ": field '" + field + "' item " + i + " is " + describe(item) + ", not a number");
                    return null;
                }
            }
            return out;
        }
        if (value instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        problems.add(where + ": field '" + field + "' is " + (value == null ? "missing" : describe(value))
                + ", expected numbers");
        return null;
    }

    private static String id(Object value) {
        if (value instanceof byte[] raw) {
            return new String(raw, StandardCharsets.UTF_8);
        }
        return value == null ? null : String.valueOf(value);
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

}
