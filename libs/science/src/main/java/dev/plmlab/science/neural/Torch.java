package dev.plmlab.science.neural;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch engine through DJL, started so that it never reaches the network: the CPU
 * natives come from the pytorch-native-cpu jar on the classpath, which DJL only uses when
 * {@code ai.djl.offline} is true (otherwise it may try to download a "matching" build first).
 */
final class Torch {
    static final String ENGINE = "PyTorch";
    private static volatile Engine engine;

    private Torch() {
    }

    static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (Torch.class) {
                e = engine;
                if (e == null) {
                    if (System.getProperty("ai.djl.offline") == null) {
                        System.setProperty("ai.djl.offline", "true");
                    }
                    e = Engine.getEngine(ENGINE);
                    engine = e;
                }
            }
        }
        return e;
    }

    /** The first GPU when DJL sees one, else the CPU. */
    static Device device() {
        return engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** A root manager on {@link #device()}; close it to free everything created under it. */
    static NDManager newManager() {
        return NDManager.newBaseManager(device(), ENGINE);
    }

    /**
     * Sets PyTorch's intra-op threads when {@code threads > 0}. This is process-wide in PyTorch,
     * so concurrent probes share the last value set; 0 leaves it alone.
     */
    static void useThreads(int threads) {
        engine();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
