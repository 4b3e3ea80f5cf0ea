package dev.plmlab.deploy;

import static dev.plmlab.deploy.PlmlabServices.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The forge Jobs: one `plmlab forge` per listed model into the repository Triton reads, after install and upgrade. */
class ForgeJobsTest {

    @Test
    void oneJobPerModelWithItsForgeArguments() {
        Manifests manifests = HelmChart.render(ChartRenderings.FORGE);
        List<Job> jobs = forgeJobs(manifests);
        assertEquals(3, jobs.size(), "one Job per forge.models entry");
        String out = "s3://plmlab/triton-models";
        assertEquals(List.of("forge", "esm2_t6_8M_UR50D", "--out", out, "--cache", "/tmp/plmlab-models"), args(jobs.get(0)));
        assertEquals(List.of("forge", "esm2_t6_8M_UR50D", "--out", out, "--variant", "random-init", "--seed", "42",
                "--cache", "/tmp/plmlab-models"), args(jobs.get(1)));
        assertEquals(List.of("forge", "esm2_t12_35M_UR50D", "--out", out, "--variant", "stat-transfer/permute", "--seed", "7",
                "--url", "http://mirror.lab:8080/esm2_t12_35M_UR50D.pt", "--cache", "/tmp/plmlab-models", "--fp16-weights"), args(jobs.get(2)));
        for (Job job : jobs) {
            Container container = Workloads.jobContainer(job);
            assertEquals(List.of("plmlab"), container.getCommand());
            assertEquals("plmlab/cli:0.1.0-SNAPSHOT", container.getImage());
            assertEquals("http://minio:9000", env(container, "PLMLAB_S3_ENDPOINT"));
            PlmlabServices.assertSecretRef(container, "PLMLAB_S3_ACCESS_KEY", "plmlab-s3", "access-key", job.getMetadata().getName());
            PlmlabServices.assertSecretRef(container, "PLMLAB_S3_SECRET_KEY", "plmlab-s3", "secret-key", job.getMetadata().getName());
            assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
            assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                    "the cache and the forge's temporary folder need a writable volume");
        }
        Map<String, String> hook = HelmChart.hookAnnotations("forge-jobs.yaml");
        assertEquals(List.of("post-install", "post-upgrade"), List.of(hook.get("helm.sh/hook").split(",")),
                "the repository is filled once the release (and its bucket) exists, and again after each upgrade");
    }

    /** The Jobs' --out is the repository Triton reads, whatever the bucket and prefix. */
    @Test
    void theJobsWriteWhereTritonReads() {
        Manifests manifests = HelmChart.render(Map.of("triton.enabled", true, "s3.bucket", "lab-store", "triton.modelRepositoryPrefix",
                "serving", "forge.enabled", true, "forge.models[0].name", "esm2_t6_8M_UR50D"));
        List<String> args = args(forgeJobs(manifests).get(0));
        String out = args.get(args.indexOf("--out") + 1);
        assertEquals("s3://lab-store/serving", out);
        String repository = TritonModelControlTest.flags(TritonModelControlTest.tritonArgs(manifests), "--model-repository=").get(0);
        assertTrue(repository.endsWith(out.substring("s3://".length())), repository + " vs " + out);
    }

    @Test
    void offByDefaultAndWithAnExistingSecret() {
        assertEquals(List.of(), forgeJobs(HelmChart.render(Rendering.defaults())), "forge is off by default");
        Manifests manifests = HelmChart.render(ChartRenderings.EXISTING_SECRET);
        assertEquals(List.of(), manifests.all(Secret.class));
        Container container = Workloads.jobContainer(forgeJobs(manifests).get(0));
        PlmlabServices.assertSecretRef(container, "PLMLAB_S3_ACCESS_KEY", "lab-s3", "AWS_ACCESS_KEY_ID", "forge");
        PlmlabServices.assertSecretRef(container, "PLMLAB_S3_SECRET_KEY", "lab-s3", "AWS_SECRET_ACCESS_KEY", "forge");
    }

    @Test
    void aModelWithoutANameOrWithAnUnknownVariantIsRefused() {
        for (Map<String, Object> wrong : List.of(Map.<String, Object>of("forge.enabled", true, "forge.models[0].variant", "pretrained"),
                Map.<String, Object>of("forge.enabled", true, "forge.models[0].name", "esm2_t6_8M_UR50D", "forge.models[0].variant", "random"))) {
            Exception error = assertThrows(Exception.class, () -> HelmChart.template(wrong), wrong::toString);
            assertTrue(error.getMessage().contains("values don't meet the specifications of the schema"), error.getMessage());
        }
    }

    /** The flags and env vars the Jobs give are the ones `plmlab forge` declares (ForgeCommand, S3Options). */
    @Test
    void theJobsSpeakTheCliForgeCommand() {
        String command = RepoFiles.read("cli/src/main/java/dev/plmlab/cli/ForgeCommand.java");
        assertTrue(command.contains("@Command(name = \"forge\""), "ForgeCommand is no longer `forge`");
        String s3Options = RepoFiles.read("cli/src/main/java/dev/plmlab/cli/forge/S3Options.java");
        for (Job job : forgeJobs(HelmChart.render(ChartRenderings.FORGE))) {
            Container container = Workloads.jobContainer(job);
            for (String arg : container.getArgs()) {
                if (arg.startsWith("--")) {
                    assertTrue(command.contains("names = \"" + arg + "\""), "plmlab forge has no option " + arg);
                }
            }
            for (var env : container.getEnv()) {
                if (env.getName().startsWith("PLMLAB_S3_")) {
                    assertTrue(s3Options.contains("\"" + env.getName() + "\""), "plmlab forge reads no " + env.getName());
                }
            }
        }
    }

    static List<Job> forgeJobs(Manifests manifests) {
        return manifests.all(Job.class).stream().filter(j -> j.getMetadata().getName().startsWith("plmlab-forge-")).toList();
    }

    private static List<String> args(Job job) {
        return Workloads.jobContainer(job).getArgs();
    }
}
