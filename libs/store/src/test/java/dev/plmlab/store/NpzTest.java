package dev.plmlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @Test
    void archiveRoundTripsKeepingOrder(@TempDir Path tmp) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("ids", NpyArray.unicode(new String[] {"seq1", "seq2"}));
        arrays.put("layer_33", NpyArray.float16(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        arrays.put("layer_0", NpyArray.float32(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2));
        arrays.put("lengths", NpyArray.int64(new long[] {120, 87}));
        Path file = tmp.resolve("features.npz");

        Npz.write(arrays, file);
        Map<String, NpyArray> read = Npz.read(file);

        assertEquals(arrays, read);
        assertEquals(List.of("ids", "layer_33", "layer_0", "lengths"), List.copyOf(read.keySet()));
        assertEquals(arrays, Npz.fromBytes(Npz.toBytes(arrays)));
    }

    @Test
    void namesMustBeUsableAsEntryNames() {
        assertThrows(IllegalArgumentException.class,
                () -> Npz.toBytes(Map.of("a/b", NpyArray.int32(new int[] {1}))));
    }

    @Test
    void garbageIsNotAnArchive() {
        Exception failure = assertThrows(Exception.class, () -> Npz.fromBytes(new byte[] {1, 2, 3}));
        assertTrue(String.valueOf(failure.getMessage()).contains("not an .npz archive"), failure.getMessage());
    }
}
