package dev.plmlab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Finds the S3Proxy executable jar. It never joins a classpath (it bundles libraries that clash with
 * ours), so the build copies it next to the testkit classes and records where in
 * {@code plmlab-testkit.properties}.
 */
public final class S3ProxyJar {

    /** System property, and (upper-cased, dots as underscores) environment variable, that override the location. */
    public static final String OVERRIDE_PROPERTY = "plmlab.s3proxy.jar";
    public static final String OVERRIDE_ENV = "PLMLAB_S3PROXY_JAR";

    private static final String BUILD_INFO = "/plmlab-testkit.properties";

    private S3ProxyJar() {
    }

    /** The jar to run: the override if set, else the one the build copied, else the local Maven repository's. */
    public static Path locate() {
        String override = System.getProperty(OVERRIDE_PROPERTY, System.getenv(OVERRIDE_ENV));
        if (override != null && !override.isBlank()) {
            Path jar = Paths.get(override);
            if (!Files.isRegularFile(jar)) {
                throw new InfraStartException("S3Proxy jar " + jar + " (from " + OVERRIDE_PROPERTY + " / "
                        + OVERRIDE_ENV + ") does not exist or is not a file");
            }
            return jar;
        }
        List<Path> tried = new ArrayList<>();
        Properties buildInfo = buildInfo();
        String built = buildInfo.getProperty("s3proxy.jar");
        if (built != null) {
            Path jar = Paths.get(built);
            tried.add(jar);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        // the jar that Maven resolved while building the testkit, when target/ has been cleaned since
        String version = buildInfo.getProperty("s3proxy.version");
        if (version != null) {
            Path jar = Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy", version,
                    "s3proxy-" + version + "-jar-with-dependencies.jar");
            tried.add(jar);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new InfraStartException("S3Proxy jar not found; tried " + tried + ". Build libs/testkit"
                + " (it copies the jar to target/infra/s3proxy.jar) or set " + OVERRIDE_ENV + " / -D" + OVERRIDE_PROPERTY);
    }

    private static Properties buildInfo() {
        Properties properties = new Properties();
        try (InputStream in = S3ProxyJar.class.getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new InfraStartException("cannot read " + BUILD_INFO + " from the testkit jar", e);
        }
        return properties;
    }
}
