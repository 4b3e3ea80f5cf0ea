package dev.plmlab.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Micrometer meters for one backend, tagged {@code backend=<kind>}:
 * <ul>
 *   <li>{@code plmlab.inference.requests} timer with a percentile histogram (latency per batch);</li>
 *   <li>{@code plmlab.inference.tokens} counter of token positions sent (B x T, padding included), so
 *       {@code rate()} of it is tokens/s;</li>
 *   <li>{@code plmlab.inference.sequences} counter of rows sent;</li>
 *   <li>{@code plmlab.inference.in_flight} gauge of batches running now.</li>
 * </ul>
 * Without a registry ({@link #none()}) nothing is recorded.
 */
public final class InferenceMetrics {

    /**
     * One in-flight count per registry and backend kind, shared by every backend instance of that kind: Micrometer
     * registers a gauge once per name and tags and holds its object weakly, so a count per instance would read NaN
     * once the first backend is closed and collected, and later backends would never count in it.
     */
    private static final java.util.Map<MeterRegistry, java.util.Map<String, AtomicInteger>> IN_FLIGHT =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private final Timer latency;
    private final Counter tokens;
    private final Counter sequences;
    private final AtomicInteger inFlight;

    private InferenceMetrics(MeterRegistry registry, String backend) {
        if (registry == null) {
            latency = null;
            tokens = null;
            sequences = null;
            inFlight = new AtomicInteger();
            return;
        }
        AtomicInteger shared;
        synchronized (IN_FLIGHT) {
            shared = IN_FLIGHT.computeIfAbsent(registry, r -> new java.util.concurrent.ConcurrentHashMap<>())
                    .computeIfAbsent(backend, b -> new AtomicInteger());
        }
        inFlight = shared;
        latency = Timer.builder("plmlab.inference.requests").description("latency of one batch")
                .tag("backend", backend).publishPercentileHistogram().register(registry);
        tokens = Counter.builder("plmlab.inference.tokens").description("token positions sent, padding included")
                .baseUnit("tokens").tag("backend", backend).register(registry);
        sequences = Counter.builder("plmlab.inference.sequences").description("rows sent")
                .tag("backend", backend).register(registry);
        // strongly referenced from IN_FLIGHT for as long as the registry lives
        Gauge.builder("plmlab.inference.in_flight", shared, AtomicInteger::get)
                .description("batches running now, over every backend of this kind").tag("backend", backend)
                .register(registry);
    }

    public static InferenceMetrics of(MeterRegistry registry, String backend) {
        return new InferenceMetrics(registry, backend);
    }

    public static InferenceMetrics none() {
        return new InferenceMetrics(null, "none");
    }

    /** Runs one batch, counting it in flight meanwhile and recording its latency and size when it succeeds. */
    public <T> T record(long[][] batch, Supplier<T> call) {
        if (latency == null) {
            return call.get();
        }
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        try {
            T result = call.get();
            latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            tokens.increment(TokenBatches.positions(batch));
            sequences.increment(batch.length);
            return result;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Batches running now over every backend of this kind and registry (this backend's only, without a registry). */
    public int inFlight() {
        return inFlight.get();
    }
}
