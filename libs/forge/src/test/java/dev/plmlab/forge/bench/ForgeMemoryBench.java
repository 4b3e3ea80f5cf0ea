package dev.plmlab.forge.bench;

import dev.plmlab.forge.ModelForge;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.Tensor;
import dev.plmlab.forge.onnx.GraphOptions;
import dev.plmlab.forge.onnx.OnnxModelWriter;
import dev.plmlab.forge.onnx.RandomCheckpoints;
import dev.plmlab.model.spec.Variant;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How much memory forging takes: writes a random checkpoint with ESM-2 t33_650M's architecture (33 layers,
 * embed_dim 1280, 20 heads, FFN 5120, vocabulary 33; 2.6 GB) in the official fair-esm zip layout into a
 * temporary folder (streamed, one tensor in memory at a time), then forges it with
 * {@link ModelForge#forge} as pretrained and as stat-transfer/permute, and prints for each the wall time,
 * the peak heap (the most live after any collection, from GC notifications; the largest heap in use,
 * garbage included, sampled every 5 ms; and the sum of the heap pools' peaks) and the peak RSS ({@code VmHWM} of /proc/self/status, reset before each forge through
 * /proc/self/clear_refs where the kernel allows). Everything it wrote is deleted at the end.
 *
 * <p>Run from the repository root, after {@code ./mvnw -q -o -pl libs/forge test-compile}:
 * <pre>
 * ./mvnw -q -o -pl libs/forge dependency:build-classpath -Dmdep.outputFile=target/forge.cp
 * JAVA_TOOL_OPTIONS=-Xmx1g /usr/bin/time -v java -cp libs/forge/target/classes:libs/forge/target/test-classes:$(cat libs/forge/target/forge.cp) \
 *     dev.plmlab.forge.bench.ForgeMemoryBench [LAYERS DIM HEADS]
 * </pre>
 * or {@code JAVA_TOOL_OPTIONS=-Xmx1g ./mvnw -q -o -pl libs/forge test-compile exec:java
 * -Dexec.mainClass=dev.plmlab.forge.bench.ForgeMemoryBench -Dexec.classpathScope=test} (Maven's own heap
 * then counts too). Arguments change the architecture (default 33 1280 20). Needs about 2 x 2.6 GB of
 * free disk in java.io.tmpdir (the checkpoint and one forged model at a time).
 */
public final class ForgeMemoryBench {

    private ForgeMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int layers = args.length >= 3 ? Integer.parseInt(args[0]) : 33;
        int dim = args.length >= 3 ? Integer.parseInt(args[1]) : 1280;
        int heads = args.length >= 3 ? Integer.parseInt(args[2]) : 20;
        Path work = Files.createTempDirectory("forge-memory-bench");
        try {
            Path file = work.resolve("esm2_t" + layers + "_" + dim + "_random.pt");
            long start = System.nanoTime();
            RandomCheckpoints.writeEsm2(file, layers, dim, heads, 42);
            System.out.printf("wrote %s: %.2f GB in %.1f s%n", file.getFileName(), Files.size(file) / 1e9,
                    (System.nanoTime() - start) / 1e9);
            Checkpoint checkpoint = CheckpointReader.read(file);
            long largest = checkpoint.state().values().stream().mapToLong(Tensor::numel).max().orElse(0) * 4;
            System.out.printf("max heap %.0f MiB; largest tensor %.1f MiB%n",
                    Runtime.getRuntime().maxMemory() / 1048576.0, largest / 1048576.0);
            for (Variant variant : List.of(Variant.PRETRAINED, Variant.STAT_TRANSFER_PERMUTE)) {
                Path out = work.resolve("forged-" + variant.specName().replace('/', '-'));
                measure(variant.specName(), () -> ModelForge.forge(file, variant, 42, GraphOptions.forged(), out), out);
                delete(out);
            }
        } finally {
            delete(work);
        }
    }

    private interface Forge {
        ModelForge.ForgedGraph run() throws IOException;
    }

    private static void measure(String label, Forge forge, Path out) throws Exception {
        System.gc();
        resetPeakRss();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong sampledPeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                sampledPeak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        // live heap: what is left after each collection (the garbage between collections is not live)
        AtomicLong liveAfterGc = new AtomicLong();
        javax.management.NotificationListener listener = (notification, handback) -> {
            if (notification.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) notification.getUserData());
                long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey())))
                        .mapToLong(e -> e.getValue().getUsed()).sum();
                liveAfterGc.accumulateAndGet(after, Math::max);
            }
        };
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        long start = System.nanoTime();
        ModelForge.ForgedGraph forged = forge.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).removeNotificationListener(listener);
        }
        long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("%-22s %5.1f s  heap: live after GC max %4.0f MiB, in use max %4.0f MiB (sampled), pool peaks %4.0f MiB;"
                        + "  RSS peak %5.0f MiB;  model.onnx %.0f KiB, model.onnx.data %.2f GB, %d layers%n",
                label, seconds, liveAfterGc.get() / 1048576.0, sampledPeak.get() / 1048576.0, poolPeaks / 1048576.0,
                peakRssKiB() / 1024.0,
                Files.size(forged.model()) / 1024.0,
                Files.size(out.resolve(OnnxModelWriter.EXTERNAL_DATA_FILE)) / 1e9, forged.layers());
    }

    /** Resets VmHWM to the current RSS (Linux: "5" to clear_refs); where not allowed, the peak is the process's. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            System.out.println("(cannot reset the peak RSS: " + e.getMessage() + "; it covers the whole run)");
        }
    }

    private static long peakRssKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
