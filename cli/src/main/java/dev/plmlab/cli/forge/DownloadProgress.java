package dev.plmlab.cli.forge;

import dev.plmlab.forge.catalogue.ModelDownloader;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A download progress bar on stderr: bytes done of total, percentage and speed. On a terminal it redraws
 * one line in place several times a second; otherwise (logs, CI, tests) it prints a plain line every few
 * seconds, so a long download still shows life without flooding the log. {@link #finish} prints a summary.
 */
public final class DownloadProgress implements ModelDownloader.ProgressListener {

    private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final String label;
    private final long resumedFrom;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastRenderNanos;
    private long bytesSoFar;
    private long totalBytes = -1;
    private int drawnWidth;

    /**
     * @param resumedFrom bytes already on disk from an earlier, interrupted download (not counted in the speed)
     * @param terminal    redraw in place (stderr is a terminal) rather than print lines
     */
    public DownloadProgress(PrintWriter err, String label, long resumedFrom, boolean terminal, LongSupplier nanoClock) {
        this.err = err;
        this.label = label;
        this.resumedFrom = resumedFrom;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastRenderNanos = startNanos;
        this.bytesSoFar = resumedFrom;
    }

    @Override
    public void onProgress(long bytesSoFar, long totalBytes) {
        this.bytesSoFar = bytesSoFar;
        this.totalBytes = totalBytes;
        long now = nanoClock.getAsLong();
        if (now - lastRenderNanos >= (terminal ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
            lastRenderNanos = now;
            draw(line(now));
        }
    }

    /** Ends the bar and prints how much came down, how fast. */
    public void finish() {
        long now = nanoClock.getAsLong();
        if (terminal) {
            draw(line(now));
            err.println();
        }
        long fetched = bytesSoFar - resumedFrom;
        err.println("downloaded " + label + ": " + bytes(bytesSoFar)
                + (resumedFrom > 0 ? " (" + bytes(fetched) + " of it now, resumed at " + bytes(resumedFrom) + ")" : "")
                + " in " + String.format(Locale.ROOT, "%.1f s", seconds(now))
                + (seconds(now) < 1e-3 ? "" : " (" + bytes((long) (fetched / seconds(now))) + "/s)"));
        err.flush();
    }

    /** The current state as one line, e.g. {@code x.pt [######      ] 15.2 MiB / 30.5 MiB  50%  4.1 MiB/s}. */
    String line(long now) {
        StringBuilder s = new StringBuilder(label).append("  ");
        if (totalBytes > 0) {
            double fraction = Math.min(1.0, (double) bytesSoFar / totalBytes);
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            s.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("]  ")
                    .append(bytes(bytesSoFar)).append(" / ").append(bytes(totalBytes))
                    .append(String.format(Locale.ROOT, "  %3.0f%%", fraction * 100));
        } else {
            s.append(bytes(bytesSoFar)).append(" (size unknown)");
        }
        return s.append(speed(bytesSoFar - resumedFrom, now)).toString();
    }

    private void draw(String line) {
        if (terminal) {
            // pad with spaces so a shorter line fully covers the previous one
            err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    private String speed(long fetched, long now) {
        double seconds = seconds(now);
        return seconds < 1e-3 ? "" : "  " + bytes((long) (fetched / seconds)) + "/s";
    }

    private double seconds(long now) {
        return (now - startNanos) / 1e9;
    }

    /** Bytes in binary units with one decimal: {@code 512 B}, {@code 630.5 KiB}, {@code 2.4 GiB}. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
