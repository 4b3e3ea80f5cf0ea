package dev.plmlab.inference.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * How an {@link OrtBackend} session allocates memory. The defaults were chosen by measuring peak RSS of a
 * session over a random ESM-2 with t33_650M's architecture (2.6 GB of float32 weights, external data) on
 * one batch of 16 GB1 sequences; see {@code libs/inference/README.md} ("ONNX Runtime memory").
 *
 * @param prepacking     ORT's pre-packing of constant MatMul weights: a packed copy of each weight is
 *                       made at session start, beside the (memory-mapped) original
 * @param arena          the CPU arena allocator for activations: grows to the largest batch seen and keeps it
 * @param memoryPattern  ORT's pre-planned activation buffers per input shape
 * @param initializersOutsideArena allocate initializers (weights ORT must copy) with the plain device
 *                       allocator, not the arena, so no arena chunk is rounded up around them
 */
public record SessionMemory(boolean prepacking, boolean arena, boolean memoryPattern, boolean initializersOutsideArena) {

    /** No pre-packing (no second copy of the weights), initializers outside the arena; arena and memory patterns on. */
    public static SessionMemory defaults() {
        return new SessionMemory(false, true, true, true);
    }

    /** ONNX Runtime's own defaults, for comparison. */
    public static SessionMemory ortDefaults() {
        return new SessionMemory(true, true, true, false);
    }

    /** Parses {@code prepack=on,arena=off,pattern=on,initializers-outside-arena=on} over the defaults (benchmarks). */
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
                case "prepack" -> new SessionMemory(on, m.arena, m.memoryPattern, m.initializersOutsideArena);
                case "arena" -> new SessionMemory(m.prepacking, on, m.memoryPattern, m.initializersOutsideArena);
                case "pattern" -> new SessionMemory(m.prepacking, m.arena, on, m.initializersOutsideArena);
                case "initializers-outside-arena" -> new SessionMemory(m.prepacking, m.arena, m.memoryPattern, on);
                default -> throw new IllegalArgumentException("unknown session memory setting '" + kv[0] + "'");
            };
        }
        return m;
    }

    void apply(OrtSession.SessionOptions options) throws OrtException {
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
