package dev.plmlab.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM whose output goes to a log file, which is stopped on {@link #close()} and, should the
 * parent exit without closing it, by a JVM shutdown hook: no orphaned brokers or S3 servers.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_BYTES = 4_000;

    private final String name;
    private final Process process;
    private final List<String> command;
    private final Path workDir;
    private final Path logFile;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, List<String> command, Path workDir, Path logFile) {
        this.name = name;
        this.process = process;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stop, "stop " + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The {@code java} executable of the running JVM, so the child uses the same JDK. */
    static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code command}, appending its stdout and stderr to {@code logFile}. */
    static ChildProcess start(String name, List<String> command, Path workDir, Path logFile) {
        return start(name, command, workDir, logFile, "starting");
    }

    /**
     * Stops this child if it still runs and starts the same command again, with the same working folder
     * and log (the log says so), as a cluster restarts a pod: for a supervisor replacing a dead process.
     */
    ChildProcess relaunch() {
        String before = process.isAlive() ? "stopped to be restarted" : exitDescription();
        close();
        return start(name, command, workDir, logFile, "restarting (the previous one " + before + ")");
    }

    private static ChildProcess start(String name, List<String> command, Path workDir, Path logFile, String what) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "---- plmlab: " + what + " " + name + ": " + String.join(" ", abbreviate(command)) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ChildProcess(name, process, command, workDir, logFile);
        } catch (IOException e) {
            throw new InfraStartException("cannot launch " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} to completion (e.g. a storage format), failing with its log tail. */
    static void runToCompletion(String name, List<String> command, Path workDir, Path logFile, Duration timeout) {
        try (ChildProcess child = start(name, command, workDir, logFile)) {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new InfraStartException(name + " did not finish within " + timeout.toSeconds() + " s"
                        + child.logTailSection());
            }
            if (child.process.exitValue() != 0) {
                throw new InfraStartException(name + " failed with exit code " + child.process.exitValue()
                        + child.logTailSection());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("interrupted while waiting for " + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** Exit code of a child that has stopped, as text for error messages (a code above 128 names its signal). */
    String exitDescription() {
        if (process.isAlive()) {
            return "still running";
        }
        int code = process.exitValue();
        String signal = switch (code - 128) {
            case 9 -> " (SIGKILL: killed, e.g. kill -9 or the OOM killer)";
            case 15 -> " (SIGTERM)";
            case 6 -> " (SIGABRT: the JVM aborted)";
            case 11 -> " (SIGSEGV)";
            case 2 -> " (SIGINT)";
            default -> code > 128 ? " (signal " + (code - 128) + ")" : "";
        };
        return "exited with code " + code + signal;
    }

    /** The last few KB of the child's log, framed for inclusion in an error message. */
    String logTailSection() {
        return "\n---- last lines of " + logFile + " ----\n" + logTail() + "\n---- end of " + name + " log ----";
    }

    String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the child at once, as a crash or an OOM killer would: no shutdown hooks, no goodbyes. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running or has run
        }
    }

    /** Asks the child to stop (SIGTERM lets Kafka flush its logs), then kills it after a grace period. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps between readiness probes; an interrupt aborts the start. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("interrupted while waiting for a child process", e);
        }
    }

    /** The child's classpath can be very long; keep log headers readable. */
    private static List<String> abbreviate(List<String> command) {
        List<String> shown = new ArrayList<>();
        for (String part : command) {
            shown.add(part.length() > 300 ? part.substring(0, 120) + "...(" + part.length() + " chars)" : part);
        }
        return shown;
    }
}
