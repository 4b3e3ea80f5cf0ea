package dev.plmlab.science.data.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.science.data.DataRecord;
import dev.plmlab.science.data.DatasetException;
import dev.plmlab.science.data.ProblemList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real-format TAPE pickles (numpy arrays from numpy.core.multiarray) decode; anything else is refused. */
class TapeUnpicklerTest {
    private static final String LETTERS = "ACDEFGHIKLMNPQRSTVWY";

    private static Map<String, Object> record(String fixture) {
        Object loaded = TapeUnpickler.load(FixturePickles.read(fixture), fixture);
        assertTrue(loaded instanceof Map<?, ?>, String.valueOf(loaded));
        Map<String, Object> fields = new HashMap<>();
        ((Map<?, ?>) loaded).forEach((k, v) -> fields.put((String) k, v));
        return fields;
    }

    private static double[] values(Object array) {
        NumpyArray a = (NumpyArray) array;
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    @Test
    void numpyArraysOfEveryDtypeInTheFixturesDecode() {
        Map<String, Object> first = record("secondary_structure_0.pkl");
        assertEquals("MKTAYIV", first.get("primary"));
        assertEquals("1abc-A", new String((byte[]) first.get("id"), StandardCharsets.UTF_8));
        assertArrayEquals(new double[] {2, 0, 0, 0, 1, 1, 2}, values(first.get("ss3")));
        assertArrayEquals(new double[] {0, 1, 1, 1, 1, 1, 0}, values(first.get("valid_mask")));
        assertArrayEquals(new long[] {7, 30}, ((NumpyArray) first.get("evolutionary")).shape());

        Map<String, Object> second = record("secondary_structure_1.pkl");
        assertArrayEquals(new double[] {0, 0, 1, 1, 2, 2}, values(second.get("ss3")), "big-endian int32");
        assertArrayEquals(new double[] {2, 1, 5, 4, 7, 6}, values(second.get("ss8")), "uint8");
        assertEquals(6L, second.get("protein_length"), "a numpy int64 scalar");

        assertEquals(3.8237f, (float) values(record("fluorescence_0.pkl").get("log_fluorescence"))[0]);
        assertEquals(2, ((Number) TapeUnpickler.load(FixturePickles.read("num_examples_2.pkl"), "n")).intValue());
    }

    @Test
    void secondaryStructureLabelsUseTapesClassOrder() {
        ProblemList problems = new ProblemList();
        DataRecord ss3 = TapeRecords.convert(TapeTask.SECONDARY_STRUCTURE, TapeRecords.Labels.SS3,
                record("secondary_structure_0.pkl"), "r0", LETTERS, problems);
        assertEquals("CHHHEEC", ss3.labels());
        assertEquals("0111110", ss3.mask());
        assertEquals("1abc-A", ss3.id());
        DataRecord ss8 = TapeRecords.convert(TapeTask.SECONDARY_STRUCTURE, TapeRecords.Labels.SS8,
                record("secondary_structure_1.pkl"), "r1", LETTERS, problems);
        assertEquals("IHSECT", ss8.labels());
        assertEquals("111011", ss8.mask());
        DataRecord stability = TapeRecords.convert(TapeTask.STABILITY, null, record("stability_0.pkl"), "s0", LETTERS, problems);
        assertEquals(0.37f, stability.value().floatValue());
        assertEquals(0, problems.size());
    }

    @Test
    void aBadRecordIsReportedWithWhereItIs() {
        Map<String, Object> fields = record("secondary_structure_0.pkl");
        fields.put("primary", "MKTAYI"); // one residue short of its labels
        ProblemList problems = new ProblemList();
        assertEquals(null, TapeRecords.convert(TapeTask.SECONDARY_STRUCTURE, TapeRecords.Labels.SS3, fields,
                "train.lmdb key 4", LETTERS, problems));
        DatasetException e = assertThrows(DatasetException.class, () -> problems.throwIfAny("train.lmdb"));
        assertTrue(e.getMessage().contains("train.lmdb key 4: 6 residues but 7 ss3 labels"), e.getMessage());
    }

    @Test
    void aPickleCallingAnythingElseIsRefusedNamingTheRecordAndTheGlobal() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> TapeUnpickler.load(FixturePickles.read("malicious_os_system.pkl"), "stability_train.lmdb key 9"));
        assertTrue(e.getMessage().startsWith("stability_train.lmdb key 9: refused"), e.getMessage());
        assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
    }

    @Test
    void aDeeplyNestedDictKeyIsAClearErrorNotAStackOverflow() {
        int n = 100_000;
        byte[] pickle = new byte[3 + n + (n - 1) + 4];
        pickle[0] = (byte) 0x80;
        pickle[1] = 2;
        pickle[2] = '}';
        java.util.Arrays.fill(pickle, 3, 3 + n, (byte) ']');
        java.util.Arrays.fill(pickle, 3 + n, 3 + n + n - 1, (byte) 'a');
        System.arraycopy(new byte[] {'K', 1, 's', '.'}, 0, pickle, pickle.length - 4, 4);
        DatasetException e = assertThrows(DatasetException.class, () -> TapeUnpickler.load(pickle, "fluorescence_train.lmdb key 3"));
        assertEquals("fluorescence_train.lmdb key 3: refused pickle: its objects are nested too deeply (or hold themselves)",
                e.getMessage());
    }

    @Test
    void aTruncatedRecordIsAnErrorNotAHugeAllocation() {
        byte[] whole = FixturePickles.read("secondary_structure_0.pkl");
        DatasetException e = assertThrows(DatasetException.class,
                () -> TapeUnpickler.load(Arrays.copyOf(whole, whole.length / 2), "cut"));
        assertTrue(e.getMessage().startsWith("cut: "), e.getMessage());
    }
}
