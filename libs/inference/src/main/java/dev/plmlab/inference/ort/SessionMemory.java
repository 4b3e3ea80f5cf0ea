package dev.plmlab.inference.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * How an {@link OrtBackend} session allocates memory. Forge writes weights as external data at 4 KiB-aligned
 * offsets, which ONNX Runtime memory-maps instead of reading; what happens next is what these settings
 * decide. Measured ({@code bench.OrtSessionMemory}, one JVM per setting, -Xmx1g, 2 threads, 16 GB1
 * sequences of 265 residues in one batch, graphs with {@code mean} only, peak RSS = VmHWM):
 *
 * <table>
 *   <caption>peak RSS (anonymous + file-backed at the end) and embedding time</caption>
 *   <tr><th>setting</th><th>ESM-2 t33_650M architecture (2.6 GB)</th><th>CARP 640M architecture (2.6 GB)</th></tr>
 *   <tr><td>prepacking off</td><td>3,814 MB (1,296 + 2,518), 115 s</td><td>4,065 MB, 34 s (layout on); 5,037 MB with all hidden outputs, layout off</td></tr>
 *   <tr><td>prepacking on (ORT's default; {@link #defaults()})</td><td>3,639 MB (3,595 + 43), 31 s</td><td>3,852 MB (2,058 + 1,794), 36 s</td></tr>
 *   <tr><td>all ORT defaults (layout transforms on, initializers in the arena)</td><td>3,648 MB, 30 s</td><td>3,852 MB, 35 s</td></tr>
 * </table>
 *
 * <p>Pre-packing does not keep two copies: ORT packs each MatMul weight into its own buffer and drops the
 * mapped original (file-backed RSS falls to 43 MB), so the weights are held once either way; without it
 * the mapped pages stay resident and every MatMul re-packs its weight per call, 3.7 times slower. So
 * pre-packing stays on. Layout transforms (level ALL: NCHWc) made no difference once weights are
 * pre-packed and cost 200 MB for CARP's convolutions without; they are off (level EXTENDED). The arena and
 * memory patterns stay on: activations of a batch are what the token budget bounds, and the arena keeps
 * them for the next batch instead of returning them to the system. Most of the memory beyond the weights
 * is a batch's activations (1.0-1.5 GB for 4,240 tokens through 1280-wide layers) and, for graphs with
 * {@code hidden_<k>} outputs, those outputs: ORT holds every graph output of a run, fetched or not.
 *
 * @param prepacking     ORT's pre-packing of constant MatMul weights into MLAS's packed layout at session
 *                       start (the mapped original is released)
 * @param arena          the CPU arena allocator for activations: grows to the largest batch seen and keeps it
 * @param memoryPattern  ORT's pre-planned activation buffers per input shape
 * @param initializersOutsideArena allocate initializers (weights ORT must copy) with the plain device
 *                       allocator, not the arena, so no arena chunk is rounded up around them
 * @param layoutTransforms graph optimisation level ALL ({@code ORT_ENABLE_ALL}), whose layout transforms
 *                       (NCHWc) rewrite Conv weights into blocked copies, rather than EXTENDED
 */
public record SessionMemory(boolean prepacking, boolean arena, boolean memoryPattern, boolean initializersOutsideArena,
                            boolean layoutTransforms) {

    /** Pre-packing, arena and memory patterns on; initializers outside the arena; no layout transforms (level EXTENDED). */
    public static SessionMemory defaults() {
        return new SessionMemory(true, true, true, true, false);
    }

    /** ONNX Runtime's own defaults, for comparison. */
    public static SessionMemory ortDefaults() {
        return new SessionMemory(true, true, true, false, true);
    }

    /** Parses {@code prepack=on,arena=off,pattern=on,initializers-outside-arena=on,layout=off} over the defaults (benchmarks). */
    public static SessionMemory parse(String text) {
        SessionMemory m = defaults();
        if (text == null || text.isBlank()) {
            return m;
        }
        if (text.strip().equals("ort")) {
            return ortDefaults();
        }
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("=", 2);
            boolean on = kv.length < 2 || kv[1].equals("on") || kv[1].equals("true");
            m = switch (kv[0]) {
                case "prepack" -> new SessionMemory(on, m.arena, m.memoryPattern, m.initializersOutsideArena, m.layoutTransforms);
                case "arena" -> new SessionMemory(m.prepacking, on, m.memoryPattern, m.initializersOutsideArena, m.layoutTransforms);
                case "pattern" -> new SessionMemory(m.prepacking, m.arena, on, m.initializersOutsideArena, m.layoutTransforms);
                case "initializers-outside-arena" -> new SessionMemory(m.prepacking, m.arena, m.memoryPattern, on, m.layoutTransforms);
                case "layout" -> new SessionMemory(m.prepacking, m.arena, m.memoryPattern, m.initializersOutsideArena, on);
                default -> throw new IllegalArgumentException("unknown session memory setting '" + kv[0] + "'");
            };
        }
        return m;
    }

    void apply(OrtSession.SessionOptions options) throws OrtException {
        options.setOptimizationLevel(layoutTransforms ? OrtSession.SessionOptions.OptLevel.ALL_OPT
                : OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
        if (!prepacking) {
            options.addConfigEntry("session.disable_prepacking", "1");
        }
        options.setCPUArenaAllocator(arena);
        options.setMemoryPatternOptimization(memoryPattern);
        if (initializersOutsideArena) {
            options.addConfigEntry("session.use_device_allocator_for_initializers", "1");
        }
    }
}
