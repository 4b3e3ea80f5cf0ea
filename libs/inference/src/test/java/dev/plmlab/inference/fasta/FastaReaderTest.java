package dev.plmlab.inference.fasta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastaReaderTest {

    private static List<FastaRecord> read(String text) throws IOException {
        return FastaReader.read(new StringReader(text), "test.fasta");
    }

    @Test
    void wrappedRecordsAreJoinedAndHeadersSplitIntoIdAndDescription() throws IOException {
        List<FastaRecord> records = read(">sp|P1|A some protein\nMKV\nLLA\n\n>B\r\nGG G\r\n>C only header\n");
        assertEquals(List.of(
                new FastaRecord("sp|P1|A", "some protein", "MKVLLA", 1),
                new FastaRecord("B", "", "GGG", 5),
                new FastaRecord("C", "only header", "", 7)), records);
    }

    @Test
    void lettersAreKeptAsWritten() throws IOException {
        assertEquals("mkV<mask>*", read(">x\nmkV<mask>*\n").get(0).sequence());
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        assertEquals("x", read("\uFEFF>x\nM\n").get(0).id());
    }

    @Test
    void sequenceBeforeTheFirstHeaderIsAnError() {
        FastaFormatException e = assertThrows(FastaFormatException.class, () -> read("\nMKV\n>x\nM\n"));
        assertTrue(e.getMessage().startsWith("test.fasta, line 2: sequence text before the first '>' header"), e.getMessage());
    }

    @Test
    void aHeaderWithoutIdIsAnError() {
        FastaFormatException e = assertThrows(FastaFormatException.class, () -> read(">a\nM\n>  \nK\n"));
        assertTrue(e.getMessage().startsWith("test.fasta, line 3: header"), e.getMessage());
    }

    @Test
    void anEmptyInputHasNoRecords() throws IOException {
        assertEquals(List.of(), read(""));
    }
}
