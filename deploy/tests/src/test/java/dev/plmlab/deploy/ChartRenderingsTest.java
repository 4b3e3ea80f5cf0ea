package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every values profile and every option switched on: helm lint --strict is clean, helm template
 * renders, and every manifest parses typed with no field the Kubernetes API (or the CRD) does not know.
 */
class ChartRenderingsTest {

    static Stream<Rendering> renderings() {
        return ChartRenderings.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void lintIsCleanUnderStrict(Rendering rendering) {
        LintResult result = HelmChart.lint(rendering);
        assertFalse(result.isFailed(), rendering + ": " + result.getMessages());
        List<String> problems = result.getMessages().stream().filter(m -> m.contains("[ERROR]") || m.contains("[WARNING]")).toList();
        assertEquals(List.of(), problems, rendering.name());
    }

    /**
     * The lint above sees each rendering's values: a value the schema refuses, given the same way, fails it.
     * (helm lint does not report the templates' own fail/required errors; the render tests check those.)
     */
    @Test
    void lintChecksTheRenderingsOwnValues() {
        LintResult option = HelmChart.lint(Rendering.option("schema-violation", "triton: {enabled: true, gpus: -1}"));
        assertTrue(option.isFailed(), option.getMessages()::toString);
        assertTrue(option.getMessages().stream().anyMatch(m -> m.contains("/triton/gpus")), option.getMessages()::toString);
        LintResult profile = HelmChart.lint(Rendering.profileWith(ChartRenderings.GPU, "schema-violation", "triton: {unloadIdle: 15m}"));
        assertTrue(profile.isFailed() && profile.getMessages().stream().anyMatch(m -> m.contains("/triton/unloadIdle")),
                profile.getMessages()::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyManifestParsesTypedWithNoUnknownField(Rendering rendering) {
        Manifests manifests = HelmChart.render(rendering);
        assertTrue(manifests.objects.size() >= 10, rendering + " renders " + manifests.objects.size() + " objects only");
        assertEquals(List.of(), manifests.unknownFields(), rendering + ": fields the Kubernetes API does not know");
        // strict records for Strimzi, KEDA and Prometheus Operator resources; an unknown kind fails too
        manifests.customResources();
        for (HasMetadata object : manifests.objects) {
            String name = object.getMetadata().getName();
            assertTrue(name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"),
                    rendering + ": " + object.getKind() + " name " + name + " is not a valid Kubernetes name");
        }
    }

    /** Each workload's selector selects its own pods, and its pods carry the labels the policies and budgets select by. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void workloadsSelectTheirOwnPods(Rendering rendering) {
        Manifests manifests = HelmChart.render(rendering);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            PodTemplateSpec pod = deployment.getSpec().getTemplate();
            assertTrue(Selectors.matches(deployment.getSpec().getSelector(), pod.getMetadata().getLabels()),
                    rendering + ": Deployment " + deployment.getMetadata().getName() + " does not select its pods");
            assertComponentLabelled(rendering, deployment.getMetadata().getName(), pod.getMetadata().getLabels());
        }
        for (Job job : manifests.all(Job.class)) {
            assertComponentLabelled(rendering, job.getMetadata().getName(), job.getSpec().getTemplate().getMetadata().getLabels());
        }
    }

    /**
     * The plmlab images run with a read-only root file system (k8s/Dockerfile.service): every container
     * of theirs gets writable emptyDirs on /tmp and on the image user's HOME, where DJL and ONNX Runtime
     * unpack their native libraries.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void plmlabContainersHaveAReadOnlyRootAndWritableTmpAndHome(Rendering rendering) {
        java.util.regex.Matcher home = java.util.regex.Pattern.compile("(?m)^ENV HOME=(\\S+)").matcher(RepoFiles.read("k8s/Dockerfile.service"));
        assertTrue(home.find(), "k8s/Dockerfile.service sets no HOME");
        Manifests manifests = HelmChart.render(rendering);
        int checked = 0;
        for (Workloads.Pod pod : Workloads.pods(manifests)) {
            var spec = pod.template().getSpec();
            for (var container : spec.getContainers()) {
                if (!container.getImage().matches("(.+/)?plmlab/[a-z-]+:.+")) {
                    continue;
                }
                checked++;
                String what = rendering + ": " + pod.workload() + "/" + container.getName();
                assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), what);
                for (String path : List.of("/tmp", home.group(1))) {
                    var mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                            .orElseThrow(() -> new AssertionError(what + ": nothing writable at " + path));
                    var volume = spec.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                    assertTrue(volume.getEmptyDir() != null && !Boolean.TRUE.equals(mount.getReadOnly()), what + ": " + path + " is not a writable emptyDir");
                }
            }
        }
        assertTrue(checked >= 1, rendering + ": no plmlab container");
    }

    private static void assertComponentLabelled(Rendering rendering, String workload, Map<String, String> labels) {
        for (String key : List.of("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component")) {
            assertTrue(labels != null && labels.containsKey(key), rendering + ": pods of " + workload + " lack the label " + key);
        }
    }
}
