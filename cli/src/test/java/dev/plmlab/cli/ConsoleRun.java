package dev.plmlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * A {@code plmlab run} of examples/gb1-onehot.yaml driven by a fault test: its console line by line as it is printed,
 * so the test can wait for a stage before it strikes.
 */
record ConsoleRun(int exitCode, ConsoleRun.Console console, Path results, double seconds) {

    static final Path SPEC = Path.of(System.getProperty("plmlab.repo.root", ".."), "examples", "gb1-onehot.yaml");
    /** The longest a fault test waits for one console line. */
    static final Duration STEP = Duration.ofMinutes(3);

    /** Runs the example with its output and state under {@code dir}. */
    static ConsoleRun of(Path dir, Console console) {
        long started = System.nanoTime();
        int code = new CommandLine(new RunCommand(new PrintStream(console, true, StandardCharsets.UTF_8))).execute(
                SPEC.toString(), "--out", dir.resolve("out").toString(), "--state", dir.resolve("state").toString(),
                "--timeout", "10");
        return new ConsoleRun(code, console, dir.resolve("out/results.csv"), (System.nanoTime() - started) / 1e9);
    }

    /** The console of a run, line by line, echoed with a prefix. */
    static final class Console extends OutputStream {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final String prefix;

        Console(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                lines.add(text);
                System.out.println(prefix + text);
                line.reset();
            } else {
                line.write(b);
            }
        }

        /** The index of the first line from {@code from} on that matches; fails after {@link #STEP}. */
        int await(int from, Predicate<String> match, String what) throws InterruptedException {
            long deadline = System.nanoTime() + STEP.toNanos();
            while (System.nanoTime() < deadline) {
                for (int i = from; i < lines.size(); i++) {
                    if (match.test(lines.get(i))) {
                        return i;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no console line " + what + " within " + STEP + ":\n" + String.join("\n", lines));
        }

        String text() {
            return String.join("\n", lines);
        }
    }
}
