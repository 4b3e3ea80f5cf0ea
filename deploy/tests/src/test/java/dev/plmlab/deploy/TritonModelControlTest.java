package dev.plmlab.deploy;

import static dev.plmlab.deploy.PlmlabServices.env;
import static dev.plmlab.deploy.PlmlabServices.findEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triton reads the S3 repository the embedder publishes to, in the model-control mode the embedder
 * is told: explicit by default (the embedder asks it to load and unload each model).
 */
class TritonModelControlTest {

    @Test
    void tritonRunsInExplicitModeOnTheS3Repository() {
        List<String> args = tritonArgs(HelmChart.render(ChartRenderings.TRITON));
        assertEquals(List.of("--model-control-mode=explicit"), flags(args, "--model-control-mode="), args::toString);
        assertEquals(List.of("--model-repository=s3://minio:9000/plmlab/triton-models"), flags(args, "--model-repository="));
        assertEquals(List.of(), flags(args, "--repository-poll-secs="), "no polling in explicit mode");
        assertEquals(List.of(), flags(args, "--load-model="), "explicit mode loads nothing until the embedder asks");
    }

    @Test
    void theEmbedderIsToldTheRepositoryPrefixTheModeAndTheIdleTime() {
        Manifests manifests = HelmChart.render(ChartRenderings.TRITON);
        Container embedder = Workloads.container(manifests, "embedder");
        String repository = flags(tritonArgs(manifests), "--model-repository=").get(0);
        String prefix = env(embedder, "PLMLAB_EMBEDDER_TRITON_REPOSITORY_PREFIX");
        assertEquals("triton-models", prefix);
        assertTrue(repository.endsWith("/" + env(embedder, "PLMLAB_S3_BUCKET") + "/" + prefix),
                "Triton reads " + repository + ", the embedder publishes under its bucket's " + prefix);
        assertEquals("explicit", env(embedder, "PLMLAB_EMBEDDER_TRITON_MODEL_CONTROL"));
        assertEquals(Duration.ofMinutes(15), Duration.parse(env(embedder, "PLMLAB_EMBEDDER_TRITON_UNLOAD_IDLE")));
        assertEquals("http://plmlab-triton:8000", env(embedder, "PLMLAB_EMBEDDER_TRITON_URL"));
    }

    @Test
    void anotherPrefixReachesBothTritonAndTheEmbedder() {
        Manifests manifests = HelmChart.render(Map.of("triton.enabled", true, "triton.modelRepositoryPrefix", "serving/plm-v2/",
                "triton.unloadIdle", "PT1H30M"));
        Container embedder = Workloads.container(manifests, "embedder");
        assertEquals("serving/plm-v2", env(embedder, "PLMLAB_EMBEDDER_TRITON_REPOSITORY_PREFIX"));
        assertEquals(List.of("--model-repository=s3://minio:9000/plmlab/serving/plm-v2"), flags(tritonArgs(manifests), "--model-repository="));
        assertEquals(Duration.ofMinutes(90), Duration.parse(env(embedder, "PLMLAB_EMBEDDER_TRITON_UNLOAD_IDLE")));
    }

    /** Triton's none and poll modes load every model themselves: the embedder must not ask to load or unload. */
    @Test
    void pollAndNoneModesTellTheEmbedderNone() {
        for (Rendering rendering : List.of(ChartRenderings.TRITON_POLL, ChartRenderings.TRITON_NONE)) {
            Manifests manifests = HelmChart.render(rendering);
            String mode = rendering == ChartRenderings.TRITON_POLL ? "poll" : "none";
            List<String> args = tritonArgs(manifests);
            assertEquals(List.of("--model-control-mode=" + mode), flags(args, "--model-control-mode="));
            assertEquals(mode.equals("poll") ? List.of("--repository-poll-secs=60") : List.of(), flags(args, "--repository-poll-secs="));
            Container embedder = Workloads.container(manifests, "embedder");
            assertEquals("none", env(embedder, "PLMLAB_EMBEDDER_TRITON_MODEL_CONTROL"), rendering.name());
            assertNull(findEnv(embedder, "PLMLAB_EMBEDDER_TRITON_UNLOAD_IDLE"), rendering + ": nothing to unload");
        }
    }

    @Test
    void modelsToLoadAtStartNeedExplicitMode() {
        List<String> args = tritonArgs(HelmChart.render(Map.of("triton.enabled", true, "triton.loadModels[0]", "esm2_t6_8M_UR50D",
                "triton.loadModels[1]", "esm2_t6_8M_UR50D__random-init__s42")));
        assertEquals(List.of("--load-model=esm2_t6_8M_UR50D", "--load-model=esm2_t6_8M_UR50D__random-init__s42"), flags(args, "--load-model="));

        Exception error = assertThrows(Exception.class, () -> HelmChart.template(Map.of("triton.enabled", true,
                "triton.modelControlMode", "poll", "triton.loadModels[0]", "esm2_t6_8M_UR50D")));
        assertTrue(error.getMessage().contains("triton.loadModels needs triton.modelControlMode=explicit"), error.getMessage());
    }

    @Test
    void aModelRepositoryElsewhereThanThePublishedPrefixIsRefused() {
        Exception error = assertThrows(Exception.class, () -> HelmChart.template(Map.of("triton.enabled", true,
                "triton.modelRepository", "s3://minio:9000/other-bucket/models")));
        assertTrue(error.getMessage().contains("must end with plmlab/triton-models"), error.getMessage());

        List<String> args = tritonArgs(HelmChart.render(Map.of("triton.enabled", true,
                "triton.modelRepository", "s3://https://minio.storage:9443/plmlab/triton-models")));
        assertEquals(List.of("--model-repository=s3://https://minio.storage:9443/plmlab/triton-models"), flags(args, "--model-repository="));
    }

    @Test
    void withoutTritonTheEmbedderGetsNoTritonSettings() {
        Container embedder = Workloads.container(HelmChart.render(Rendering.defaults()), "embedder");
        for (var e : embedder.getEnv()) {
            assertFalse(e.getName().startsWith("PLMLAB_EMBEDDER_TRITON_"), "Triton is off, yet the embedder gets " + e.getName());
        }
    }

    /** The modes the chart tells the embedder are constants of the setting's enum (SmallRye matches them ignoring case). */
    @Test
    void theModesAreOnesTheEmbedderKnows() {
        String source = RepoFiles.read("libs/inference/src/main/java/dev/plmlab/inference/kserve/TritonServing.java");
        java.util.regex.Matcher body = java.util.regex.Pattern.compile("enum ModelControl \\{([^}]*)\\}").matcher(source);
        assertTrue(body.find(), "TritonServing.ModelControl not found");
        List<String> constants = java.util.Arrays.stream(body.group(1).replaceAll("/\\*\\*.*?\\*/", "").split("[,;]"))
                .map(String::strip).filter(c -> !c.isEmpty()).toList();
        for (Rendering rendering : List.of(ChartRenderings.TRITON, ChartRenderings.TRITON_POLL, ChartRenderings.TRITON_NONE)) {
            String mode = env(Workloads.container(HelmChart.render(rendering), "embedder"), "PLMLAB_EMBEDDER_TRITON_MODEL_CONTROL");
            assertTrue(constants.contains(mode.toUpperCase(java.util.Locale.ROOT)), rendering + ": " + mode + " is not one of " + constants);
        }
    }

    static List<String> tritonArgs(Manifests manifests) {
        return Workloads.container(manifests, "triton").getArgs();
    }

    static List<String> flags(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).toList();
    }
}
