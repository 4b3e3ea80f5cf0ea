package dev.plmlab.deploy;

import static dev.plmlab.deploy.PlmlabServices.env;
import static dev.plmlab.deploy.PlmlabServices.findEnv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The embedder's checkpoint mirror and an operator's catalogue file from a ConfigMap. */
class CatalogueTest {

    @Test
    void mirrorAndInlineCatalogueReachTheEmbedder() {
        Manifests manifests = HelmChart.render(ChartRenderings.CATALOGUE);
        Deployment deployment = Workloads.deployment(manifests, "embedder");
        Container embedder = Workloads.container(manifests, "embedder");
        assertEquals("http://checkpoints.lab.internal:8080/fair-esm", env(embedder, "PLMLAB_EMBEDDER_CATALOGUE_MIRROR"));
        ConfigMap configMap = manifests.get(ConfigMap.class, "plmlab-catalogue");
        assertEquals("{\"models\": []}", configMap.getData().get("catalogue.json").strip());
        assertFileFromConfigMap(deployment, embedder, "plmlab-catalogue", "catalogue.json");
        assertTrue(deployment.getSpec().getTemplate().getMetadata().getAnnotations().containsKey("checksum/catalogue"),
                "a changed catalogue restarts the embedder");
        for (String other : PlmlabServices.NAMES) {
            if (!other.equals("embedder")) {
                assertNull(findEnv(Workloads.container(manifests, other), "PLMLAB_EMBEDDER_CATALOGUE_FILE"), other);
            }
        }
    }

    @Test
    void anExistingConfigMapIsMountedAndNoneCreated() {
        Manifests manifests = HelmChart.render(ChartRenderings.CATALOGUE_EXISTING);
        assertTrue(manifests.all(ConfigMap.class).isEmpty(), "catalogue.existingConfigMap: the chart creates no ConfigMap");
        assertFileFromConfigMap(Workloads.deployment(manifests, "embedder"), Workloads.container(manifests, "embedder"),
                "lab-catalogue", "models.json");
    }

    @Test
    void byDefaultTheOfficialLocationsAndTheBuiltInCatalogue() {
        Container embedder = Workloads.container(HelmChart.render(Rendering.defaults()), "embedder");
        assertNull(findEnv(embedder, "PLMLAB_EMBEDDER_CATALOGUE_MIRROR"));
        assertNull(findEnv(embedder, "PLMLAB_EMBEDDER_CATALOGUE_FILE"));
    }

    private static void assertFileFromConfigMap(Deployment deployment, Container container, String configMap, String key) {
        String file = env(container, "PLMLAB_EMBEDDER_CATALOGUE_FILE");
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + file));
        Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertEquals(configMap, volume.getConfigMap().getName());
        assertEquals(key, volume.getConfigMap().getItems().get(0).getKey());
        assertEquals(file.substring(mount.getMountPath().length() + 1), volume.getConfigMap().getItems().get(0).getPath());
    }
}
