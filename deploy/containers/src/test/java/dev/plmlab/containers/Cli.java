package dev.plmlab.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The plmlab CLI as a user runs it: its built jar and runtime libraries (cli/target) in a JVM of its own. */
final class Cli {

    record Run(int exitCode, String output, Duration took) {
    }

    private Cli() {
    }

    /** Runs {@code plmlab ARGS...}, its output echoed here and kept in {@code log}. */
    static Run run(Path log, Duration timeout, Map<String, String> env, String... args) {
        Path cli = Repo.root().resolve("cli/target");
        Path jar = cli.resolve("plmlab-cli.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(cli.resolve("lib"))) {
            throw new IllegalStateException("the CLI is not built: " + jar + " or " + cli.resolve("lib")
                    + " is missing (./mvnw package -DskipTests -pl cli -am)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", jar + java.io.File.pathSeparator + cli.resolve("lib") + "/*", "dev.plmlab.cli.Plmlab"));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("plmlab " + String.join(" ", args) + " did not finish within " + timeout
                        + "; output:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println("plmlab " + String.join(" ", args) + ":\n" + output);
            return new Run(process.exitValue(), output, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the CLI", e);
        }
    }
}
