package dev.plmlab.cli.local;

import dev.plmlab.model.messages.Progress;
import dev.plmlab.model.plan.ExperimentRun;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One progress bar per stage, fed by the orchestrator's progress events: jobs done of total,
 * how many were found stored, failures, elapsed time and an ETA. Redrawn in place on a
 * terminal; printed as a line per change otherwise (logs, CI).
 */
public final class ProgressView {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Progress> latest = new LinkedHashMap<>();
    private int linesDrawn;

    public ProgressView(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        ExperimentRun.STAGES.forEach(s -> latest.put(s, null));
    }

    public synchronized void update(Progress progress) {
        Progress before = latest.put(progress.stage(), progress);
        if (terminal) {
            redraw();
        } else if (before == null || before.done() != progress.done() || before.failed() != progress.failed()
                || before.total() != progress.total()) {
            out.println(line(progress.stage(), progress));
        }
    }

    /**
     * A line between the bars, e.g. the supervisor's "orchestrator restarted": on a terminal it is printed above
     * the bars, which are drawn again below it; otherwise it is one more line.
     */
    public synchronized void note(String line) {
        if (terminal && linesDrawn > 0) {
            out.print("\033[" + linesDrawn + "F\033[0J");
            linesDrawn = 0;
            out.println(line);
            redraw();
        } else {
            out.println(line);
        }
        out.flush();
    }

    public synchronized Map<String, Progress> latest() {
        return Map.copyOf(latest.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private void redraw() {
        if (linesDrawn > 0) {
            out.print("\033[" + linesDrawn + "F");
        }
        linesDrawn = 0;
        for (var entry : latest.entrySet()) {
            out.print("\033[2K");
            out.println(line(entry.getKey(), entry.getValue()));
            linesDrawn++;
        }
        out.flush();
    }

    static String line(String stage, Progress p) {
        if (p == null) {
            return String.format("%-11s waiting", stage);
        }
        int ended = p.done() + p.failed();
        int filled = p.total() == 0 ? 0 : WIDTH * ended / p.total();
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        long elapsed = Math.max(0, System.currentTimeMillis() - p.startedAtMillis());
        String eta = ended == 0 || ended >= p.total() ? (ended >= p.total() && p.total() > 0 ? "done" : "--:--")
                : clock(elapsed * (p.total() - ended) / ended);
        StringBuilder s = new StringBuilder(String.format("%-11s [%s] %d/%d  elapsed %s  eta %s", stage, bar, ended,
                p.total(), clock(elapsed), eta));
        if (p.cached() > 0) {
            s.append("  (").append(p.cached()).append(" reused from the store)");
        }
        if (p.failed() > 0) {
            s.append("  ").append(p.failed()).append(" failed");
        }
        return s.toString();
    }

    private static String clock(long millis) {
        long seconds = millis / 1000;
        return String.format("%02d:%02d", seconds / 60, seconds % 60);
    }
}
