package dev.plmlab.cli.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Watches the local stack's processes and restarts one that dies, on the same ports and state folder, as a
 * cluster restarts a pod: the broker keeps its topics and offsets, S3 its objects, and a service takes its
 * work up again from Kafka and the store. Each process may be restarted a bounded number of times; after that
 * the supervisor gives up and {@link #failure()} says which process, how it ended and where its log is, so the
 * run can fail with that message instead of waiting for its timeout.
 *
 * <p>Restarts happen one at a time on the supervisor's thread, in the order the processes were given (the
 * broker and the store before the services that need them).
 */
public final class Supervisor implements AutoCloseable {

    /** One process the supervisor can watch and restart. */
    public interface Supervised {
        String name();

        boolean isRunning();

        /** How it ended, e.g. "exited with code 137 (SIGKILL ...)". */
        String exitDescription();

        Path logFile();

        /** Where it listens, for the log line, e.g. "port 41234". */
        String address();

        /**
         * Starts it again on the same ports and state and waits until it is ready; throws when it does not come
         * up, and then leaves it stopped (so the next check counts it as dead again).
         */
        void restart();
    }

    private final List<Supervised> processes;
    private final int maxRestarts;
    private final Duration interval;
    private final Consumer<String> events;
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private volatile String failure;

    /**
     * @param maxRestarts how many times each process may be restarted; its next death ends the supervision
     * @param interval    how often the processes are checked
     * @param events      one line per death, restart and give-up, for the user (the run's console)
     */
    public Supervisor(List<Supervised> processes, int maxRestarts, Duration interval, Consumer<String> events) {
        this.processes = List.copyOf(processes);
        this.maxRestarts = maxRestarts;
        this.interval = interval;
        this.events = events;
        this.thread = new Thread(this::watch, "plmlab-local-supervisor");
        this.thread.setDaemon(true);
    }

    public Supervisor start() {
        thread.start();
        return this;
    }

    /** Why supervision gave up (a process died once more than it may be restarted); empty while all is well. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** How often each process was restarted so far, by name. */
    public Map<String, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    /**
     * Makes sure {@code name} runs: restarts it now if it is dead (not counted against its restarts, for a
     * caller that stopped it on purpose), or returns once the supervisor has restarted it.
     */
    public void ensureRunning(String name) {
        Supervised process = processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no supervised process " + name));
        synchronized (lock) {
            if (!process.isRunning()) {
                process.restart();
            }
        }
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                for (Supervised process : processes) {
                    if (closed) {
                        return;
                    }
                    if (!process.isRunning() && !revive(process)) {
                        return;
                    }
                }
            }
        }
    }

    /** Restarts a dead process; false when it may not be restarted again (supervision ends). */
    private boolean revive(Supervised process) {
        int count = restarts.merge(process.name(), 1, Integer::sum);
        String how = process.exitDescription();
        if (count > maxRestarts) {
            failure = process.name() + " " + how + " after " + maxRestarts + " restart(s); giving up on it (its log: "
                    + process.logFile() + ")";
            events.accept("supervisor: " + failure);
            return false;
        }
        events.accept("supervisor: " + process.name() + " " + how + "; restarting it on " + process.address()
                + " with the same state (restart " + count + " of " + maxRestarts + "; log: " + process.logFile() + ")");
        long started = System.nanoTime();
        try {
            process.restart();
            events.accept(String.format("supervisor: %s is back after %.1f s", process.name(), (System.nanoTime() - started) / 1e9));
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            events.accept("supervisor: " + process.name() + " did not come back: " + message.lines().findFirst().orElse(""));
        }
        return true;
    }

    /** Stops watching (the processes are the caller's to stop). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
