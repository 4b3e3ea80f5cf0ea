package dev.plmlab.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import org.jboss.logging.Logger;

/**
 * Logs at start what the JVM was given, so a pod's log shows whether its flags took: the heap
 * it sized from the container limit ({@code -XX:MaxRAMPercentage}), the processors it sees, and
 * whether the Vector API module is there, without which the probe-trainer's ridge runs its
 * scalar kernels instead of the SIMD ones (libs/science {@code Simd}).
 */
@ApplicationScoped
public class JvmStartupLog {

    private static final Logger LOG = Logger.getLogger(JvmStartupLog.class);
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    void onStart(@Observes StartupEvent event) {
        LOG.info(describe());
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        String stack = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xss")).reduce((first, last) -> last).orElse("default");
        return String.format("JVM %s: max heap %d MiB, %d processors, thread stack %s, Vector API (%s) %s",
                Runtime.version(), runtime.maxMemory() >> 20, runtime.availableProcessors(), stack, VECTOR_MODULE,
                vectorModulePresent() ? "on: ridge probes use the SIMD kernels"
                        : "off: ridge probes use the scalar kernels (--add-modules " + VECTOR_MODULE + " turns SIMD on)");
    }
}
