package dev.plmlab.cli.forge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1 << 20;

    private final AtomicLong clock = new AtomicLong(0);
    private final StringWriter text = new StringWriter();

    private DownloadProgress progress(long resumedFrom, boolean terminal) {
        return new DownloadProgress(new PrintWriter(text), "model.pt", resumedFrom, terminal, clock::get);
    }

    @Test
    void logModePrintsALineEveryFewSecondsWithBytesPercentAndSpeed() {
        DownloadProgress p = progress(0, false);
        clock.set(SECOND);
        p.onProgress(MIB, 4 * MIB); // too soon for a line
        assertEquals("", text.toString());
        clock.set(5 * SECOND);
        p.onProgress(2 * MIB, 4 * MIB);
        assertEquals("model.pt  [############            ]  2.0 MiB / 4.0 MiB   50%  409.6 KiB/s\n", text.toString());
        clock.set(8 * SECOND);
        p.onProgress(4 * MIB, 4 * MIB); // within 5 s of the last line
        p.finish();
        assertEquals("model.pt  [############            ]  2.0 MiB / 4.0 MiB   50%  409.6 KiB/s\n"
                + "downloaded model.pt: 4.0 MiB in 8.0 s (512.0 KiB/s)\n", text.toString());
    }

    @Test
    void terminalModeRedrawsOneLineInPlace() {
        DownloadProgress p = progress(0, true);
        clock.set(SECOND);
        p.onProgress(1000 * MIB, -1); // size unknown: no bar
        clock.set(2 * SECOND);
        p.onProgress(1500 * MIB, -1);
        p.finish();
        String[] lines = text.toString().split("\n", -1);
        assertTrue(lines[0].startsWith("\rmodel.pt  1000.0 MiB (size unknown)  1000.0 MiB/s\rmodel.pt  1.5 GiB (size unknown)"),
                lines[0]);
        assertEquals("downloaded model.pt: 1.5 GiB in 2.0 s (750.0 MiB/s)", lines[1]);
    }

    @Test
    void aResumedDownloadCountsOnlyNewBytesInItsSpeed() {
        DownloadProgress p = progress(3 * MIB, false);
        clock.set(2 * SECOND);
        p.onProgress(4 * MIB, 4 * MIB);
        p.finish();
        assertEquals("downloaded model.pt: 4.0 MiB (1.0 MiB of it now, resumed at 3.0 MiB) in 2.0 s (512.0 KiB/s)\n",
                text.toString());
    }

    @Test
    void bytesAreShownInBinaryUnits() {
        assertEquals("512 B", DownloadProgress.bytes(512));
        assertEquals("630.5 KiB", DownloadProgress.bytes(645_660));
        assertEquals("2.4 GiB", DownloadProgress.bytes(2_600_000_000L));
    }
}
