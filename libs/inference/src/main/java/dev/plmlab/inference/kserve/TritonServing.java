package dev.plmlab.inference.kserve;

import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.inference.BackendOutputs;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.inference.OutputShape;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.RepositoryUpload;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Forged models served by Triton from an S3 model repository: publishes each one once under
 * {@code <prefix>/<name>/} of the store's bucket, and, in explicit model-control mode, asks Triton to load it
 * before the first batch and to unload it once no backend has used it for {@code unloadIdle}.
 *
 * <p>Load and unload state is this process's: another embedder replica may unload a model this one still
 * uses (Triton then answers "has no available versions"); a backend from {@link #open} then loads it again
 * and repeats the batch once. Loads and unloads are counted in {@code plmlab_triton_model_loads_total} and
 * {@code plmlab_triton_model_unloads_total} (tag {@code model}).
 */
public final class TritonServing implements AutoCloseable {

    /** Triton's {@code --model-control-mode}, as far as the client is concerned. */
    public enum ModelControl {
        /** The client loads and unloads (the repository extension). */
        EXPLICIT,
        /** Triton loads what its repository holds by itself: the client only publishes. */
        NONE
    }

    private static final System.Logger LOG = System.getLogger(TritonServing.class.getName());
    private static final Duration READY_AFTER_LOAD = Duration.ofMinutes(2);

    private final ObjectStore store;
    private final String prefix;
    private final KServeModelRepository repository;
    private final ModelControl control;
    private final Duration unloadIdle;
    private final MeterRegistry registry;
    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger unloads = new AtomicInteger();
    private final ScheduledExecutorService idleCheck;

    /** One model's state; its monitor orders publishing, loading and unloading it. */
    private static final class Model {
        boolean published;
        boolean loaded;
        int inUse;
        long lastUsedNanos = System.nanoTime();
    }

    /**
     * @param prefix     key prefix of the repository in the store's bucket, e.g. {@code triton-models}
     * @param unloadIdle unload a model unused for this long; zero: never
     * @param registry   where loads and unloads are counted; null: nowhere
     */
    public TritonServing(ObjectStore store, String prefix, KServeModelRepository repository, ModelControl control,
                         Duration unloadIdle, MeterRegistry registry) {
        if (unloadIdle.isNegative()) {
            throw new IllegalArgumentException("unload-idle must be 0 (never) or more, got " + unloadIdle);
        }
        this.store = store;
        this.prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        this.repository = repository;
        this.control = control;
        this.unloadIdle = unloadIdle;
        this.registry = registry;
        if (control == ModelControl.EXPLICIT && !unloadIdle.isZero()) {
            long everyMillis = Math.max(100, Math.min(unloadIdle.toMillis() / 4, 30_000));
            idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "triton-unload-idle");
                t.setDaemon(true);
                return t;
            });
            idleCheck.scheduleWithFixedDelay(this::unloadIdleQuietly, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        } else {
            idleCheck = null;
        }
    }

    /** The key of {@code name}'s config.pbtxt: present means the entry is complete. */
    public String configKey(String name) {
        return RepositoryUpload.entryKey(prefix, name) + "/" + RepositoryUpload.CONFIG;
    }

    /**
     * Publishes the forged folder {@code forgedDir} ({@code model.onnx}, {@code model.onnx.data}) as entry
     * {@code name} unless its config.pbtxt is in the repository already; config.pbtxt is written last, so an
     * entry half uploaded (a replica killed mid-way) is never taken for a complete one, and is completed by
     * the next publisher.
     *
     * @return whether this call uploaded it
     */
    public boolean publish(String name, Path forgedDir, TritonOptions options) {
        Model model = models.computeIfAbsent(name, n -> new Model());
        synchronized (model) {
            if (model.published) {
                return false;
            }
            if (store.exists(configKey(name))) {
                model.published = true;
                return false;
            }
            Path staging = null;
            try {
                staging = Files.createTempDirectory("triton-publish-");
                // links the weights in (a copy where it cannot link): the cache's forged folder is left as it is
                Path entry = TritonRepository.write(staging, name, forgedDir, options);
                RepositoryUpload.upload(store, entry, prefix);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish " + name + " to s3://" + store.bucket() + "/"
                        + RepositoryUpload.entryKey(prefix, name) + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(staging);
            }
            model.published = true;
            LOG.log(System.Logger.Level.INFO, "published {0} to s3://{1}/{2}", name, store.bucket(),
                    RepositoryUpload.entryKey(prefix, name));
            return true;
        }
    }

    /**
     * A backend for the published model {@code config.model()}: in explicit mode the model is loaded first
     * (and waited for), counted in use until the backend is closed.
     */
    public InferenceBackend open(KServeConfig config) {
        String name = config.model();
        Model model = models.computeIfAbsent(name, n -> new Model());
        synchronized (model) {
            if (control == ModelControl.EXPLICIT && !model.loaded) {
                load(name, model);
            }
            model.inUse++;
        }
        KServeBackend backend;
        try {
            backend = new KServeBackend(config, registry);
            backend.awaitReady();
        } catch (RuntimeException e) {
            release(model);
            throw e;
        }
        return new Served(name, model, backend);
    }

    /** Unloads every loaded model no backend holds and none has used for {@code unloadIdle}; returns their names. */
    public Set<String> unloadIdle() {
        Set<String> unloaded = new TreeSet<>();
        if (control != ModelControl.EXPLICIT || unloadIdle.isZero()) {
            return unloaded;
        }
        for (Map.Entry<String, Model> e : models.entrySet()) {
            Model model = e.getValue();
            synchronized (model) {
                if (model.loaded && model.inUse == 0 && System.nanoTime() - model.lastUsedNanos >= unloadIdle.toNanos()) {
                    repository.unload(e.getKey());
                    model.loaded = false;
                    unloads.incrementAndGet();
                    count("plmlab_triton_model_unloads_total", e.getKey());
                    LOG.log(System.Logger.Level.INFO, "unloaded {0} from Triton at {1}: unused for {2}", e.getKey(),
                            repository.baseUri(), unloadIdle);
                    unloaded.add(e.getKey());
                }
            }
        }
        return unloaded;
    }

    /** Models this process has loaded and not unloaded. */
    public Set<String> loaded() {
        Set<String> names = new TreeSet<>();
        models.forEach((name, model) -> {
            synchronized (model) {
                if (model.loaded) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    /** Loads requested so far by this process. */
    public int loads() {
        return loads.get();
    }

    /** Unloads requested so far by this process. */
    public int unloads() {
        return unloads.get();
    }

    public ModelControl modelControl() {
        return control;
    }

    /** Called holding {@code model}'s monitor. */
    private void load(String name, Model model) {
        repository.loadAndAwaitReady(name, READY_AFTER_LOAD);
        model.loaded = true;
        model.lastUsedNanos = System.nanoTime();
        loads.incrementAndGet();
        count("plmlab_triton_model_loads_total", name);
        LOG.log(System.Logger.Level.INFO, "loaded {0} on Triton at {1}", name, repository.baseUri());
    }

    private void release(Model model) {
        synchronized (model) {
            model.inUse--;
            model.lastUsedNanos = System.nanoTime();
        }
    }

    private void count(String counter, String model) {
        if (registry != null) {
            registry.counter(counter, "model", model).increment();
        }
    }

    private void unloadIdleQuietly() {
        try {
            unloadIdle();
        } catch (RuntimeException e) {
            // Triton unreachable for now: the model stays marked loaded and the next check tries again
            LOG.log(System.Logger.Level.WARNING, "unloading idle models from Triton at " + repository.baseUri() + " failed: "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (idleCheck != null) {
            idleCheck.shutdownNow();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a staging copy left in the temp folder costs disk only
        }
    }

    /** A model's backend: marks it in use while open, and loads it again if another replica unloaded it. */
    private final class Served implements InferenceBackend {
        private final String name;
        private final Model model;
        private final KServeBackend backend;
        private boolean closed;

        Served(String name, Model model, KServeBackend backend) {
            this.name = name;
            this.model = model;
            this.backend = backend;
        }

        @Override
        public BackendOutputs infer(long[][] tokens) {
            try {
                return backend.infer(tokens);
            } catch (InferenceException e) {
                if (control != ModelControl.EXPLICIT || e.getMessage() == null
                        || !e.getMessage().contains("has no available versions")) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "{0} was unloaded from Triton at {1} while in use here (another "
                        + "replica?); loading it again", name, repository.baseUri());
                synchronized (model) {
                    load(name, model);
                }
                return backend.infer(tokens);
            } finally {
                synchronized (model) {
                    model.lastUsedNanos = System.nanoTime();
                }
            }
        }

        @Override
        public Optional<OutputShape> outputShape() {
            return backend.outputShape();
        }

        @Override
        public String describe() {
            return backend.describe();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                backend.close();
                release(model);
            }
        }
    }
}
