package dev.plmlab.containers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The plmlab images, built once per test JVM by deploy/images/build-images.sh (which rebuilds only
 * what changed: the tags are hashes of the images' inputs) with the CLI of the engine the tests use.
 */
final class PlmlabImages {

    private static final long BUILD_TIMEOUT_MINUTES = 20;
    private static volatile Map<String, String> tags;

    private PlmlabImages() {
    }

    /** name (base-jre, orchestrator, ..., kafka, s3proxy, kserve) to image:tag. */
    static synchronized Map<String, String> build(ContainerEngine engine) {
        if (tags != null) {
            return tags;
        }
        Path repo = Repo.root();
        Path tagsFile = Path.of(System.getProperty("plmlab.image.tags", "target/image-tags.properties")).toAbsolutePath();
        Path jars = Path.of(System.getProperty("plmlab.image.jars", "target/image-jars")).toAbsolutePath();
        Path log = tagsFile.resolveSibling("build-images.log");
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("deploy/images/build-images.sh").toString(),
                "--tags-file", tagsFile.toString()));
        long started = System.nanoTime();
        try {
            Files.createDirectories(tagsFile.getParent());
            Files.deleteIfExists(tagsFile);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("PLMLAB_CONTAINER_ENGINE", engine.cli);
            builder.environment().put("PLMLAB_IMAGE_JARS", jars.toString());
            if (engine.cli.equals("docker")) {
                builder.environment().put("DOCKER_HOST", engine.host);
            }
            Process process = builder.start();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("build-images.sh did not finish within " + BUILD_TIMEOUT_MINUTES + " min; log "
                        + log + ":\n" + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("build-images.sh failed (exit " + process.exitValue() + "); log " + log + ":\n"
                        + tail(log));
            }
            Properties read = new Properties();
            try (InputStream in = Files.newInputStream(tagsFile)) {
                read.load(in);
            }
            Map<String, String> byName = new TreeMap<>();
            read.forEach((name, tag) -> byName.put(name.toString(), tag.toString()));
            System.out.printf("images (%s, %.1f s): %s%n%s%n", engine, (System.nanoTime() - started) / 1e9, byName, tail(log));
            tags = byName;
            return tags;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the images", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
