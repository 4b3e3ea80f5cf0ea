package dev.plmlab.science.probe;

/**
 * Whether the probe's SIMD kernels ({@link VectorGramKernel}, {@link VectorSymmetricRowKernel})
 * are used: only when the JVM runs with {@code --add-modules jdk.incubator.vector} (the JDK's
 * incubating Vector API), unless system property {@value #PROPERTY}{@code =false}. Without the
 * module the scalar kernels run and the SIMD classes are never loaded.
 */
final class Simd {
    static final String PROPERTY = "plmlab.science.vector";
    static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    static final boolean ENABLED = MODULE_PRESENT && !"false".equalsIgnoreCase(System.getProperty(PROPERTY));

    private Simd() {
    }

    static void requireModule() {
        if (!MODULE_PRESENT) {
            throw new IllegalStateException("the SIMD kernels need --add-modules jdk.incubator.vector");
        }
    }
}
