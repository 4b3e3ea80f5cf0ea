package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.cli.local.Supervisor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The local stack's supervisor on stand-in processes (no JVMs started, a few seconds): a death is restarted and
 * told, each process's restarts are bounded, and the give-up message names the process, how it ended and its log.
 */
class BoundedRestartsSupervisionIT {

    /** A process that "dies" when told to and comes back on restart, unless it is made to fail its start. */
    private static final class StandIn implements Supervisor.Supervised {
        final String name;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger starts = new AtomicInteger();
        volatile boolean failsToStart;

        StandIn(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isRunning() {
            return running.get();
        }

        @Override
        public String exitDescription() {
            return "exited with code 137 (SIGKILL)";
        }

        @Override
        public Path logFile() {
            return Path.of("/state/logs/" + name + ".log");
        }

        @Override
        public String address() {
            return "port 4242";
        }

        @Override
        public void restart() {
            starts.incrementAndGet();
            if (failsToStart) {
                throw new IllegalStateException(name + " stopped while starting\n---- last lines ----");
            }
            running.set(true);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void aDeadProcessIsRestartedAtMostMaxTimesAndThenTheFailureNamesItAndItsLog() throws Exception {
        StandIn kafka = new StandIn("Kafka");
        StandIn orchestrator = new StandIn("orchestrator");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Supervisor supervisor = new Supervisor(List.of(kafka, orchestrator), 2, Duration.ofMillis(50), lines::add).start()) {
            orchestrator.running.set(false);
            awaitTrue(() -> orchestrator.starts.get() == 1 && orchestrator.isRunning(), "restarted once: " + lines);
            assertEquals(Map.of("orchestrator", 1), supervisor.restarts());
            assertTrue(lines.get(0).contains("orchestrator exited with code 137 (SIGKILL); restarting it on port 4242 with the"
                    + " same state (restart 1 of 2; log: /state/logs/orchestrator.log)"), lines.toString());
            awaitTrue(() -> lines.size() >= 2, "the restart is told: " + lines);
            assertTrue(lines.get(1).matches("supervisor: orchestrator is back after [0-9.]+ s"), lines.toString());

            // a start that fails counts as another death
            orchestrator.failsToStart = true;
            orchestrator.running.set(false);
            awaitTrue(() -> supervisor.failure().isPresent(), "gives up: " + lines);
            assertEquals(2, orchestrator.starts.get(), "restart 2 failed, and there is no third: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.equals("supervisor: orchestrator did not come back: orchestrator stopped"
                    + " while starting")), lines.toString());
            assertEquals("orchestrator exited with code 137 (SIGKILL) after 2 restart(s); giving up on it (its log:"
                    + " /state/logs/orchestrator.log)", supervisor.failure().get());
            assertEquals(0, kafka.starts.get(), "the others are left alone");

            // a process its caller stopped on purpose is started again at once, outside the count
            kafka.running.set(false);
            supervisor.ensureRunning("Kafka");
            assertTrue(kafka.isRunning());
        }
    }

    @Test
    void onATerminalANoteIsPrintedAboveTheBarsWhichAreDrawnAgain() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        view.update(new dev.plmlab.model.messages.Progress(1, "exp-1", "datasets", 1, 0, 0, 3, System.currentTimeMillis()));
        bytes.reset();
        view.note("supervisor: orchestrator is back after 9.0 s");
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\033[3F\033[0Jsupervisor: orchestrator is back after 9.0 s\n"), drawn);
        assertEquals(3, drawn.split("\033\\[2K", -1).length - 1, "the three bars below it: " + drawn);
    }
}
