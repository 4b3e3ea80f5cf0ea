package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.deploy.Workloads.Pod;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A PodDisruptionBudget per replicated service (or one a service asks for), selecting exactly that service's pods. */
class DisruptionBudgetsTest {

    @Test
    void onlyReplicatedServicesOrThoseThatAskGetABudget() {
        assertTrue(HelmChart.render(Rendering.defaults()).all(PodDisruptionBudget.class).isEmpty(), "one replica each by default: no budget");

        Manifests manifests = HelmChart.render(ChartRenderings.PDB);
        Map<String, String> budgets = new TreeMap<>();
        for (PodDisruptionBudget pdb : manifests.all(PodDisruptionBudget.class)) {
            IntOrString min = pdb.getSpec().getMinAvailable();
            IntOrString max = pdb.getSpec().getMaxUnavailable();
            assertTrue(min == null ^ max == null, pdb.getMetadata().getName() + ": exactly one of minAvailable and maxUnavailable");
            budgets.put(pdb.getMetadata().getName(), min != null ? "minAvailable=" + min.getIntVal() : "maxUnavailable=" + max.getIntVal());
        }
        assertEquals(Map.of("plmlab-dataset-prep", "maxUnavailable=1", "plmlab-reporter", "minAvailable=1", "plmlab-triton", "maxUnavailable=1"),
                budgets);
    }

    @Test
    void eachBudgetSelectsExactlyItsServicesPods() {
        for (Rendering rendering : List.of(ChartRenderings.PDB, ChartRenderings.EVERYTHING, Rendering.profile(ChartRenderings.CPU_ONLY),
                Rendering.profile(ChartRenderings.GPU))) {
            Manifests manifests = HelmChart.render(rendering);
            List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class);
            assertTrue(!budgets.isEmpty(), rendering + " has replicated services");
            for (PodDisruptionBudget pdb : budgets) {
                String component = pdb.getMetadata().getName().substring("plmlab-".length());
                for (Pod pod : Workloads.pods(manifests)) {
                    assertEquals(component.equals(pod.component()), Selectors.matches(pdb.getSpec().getSelector(), pod.labels()),
                            rendering + ": " + pdb.getMetadata().getName() + " and " + pod.workload());
                }
            }
        }
    }

    @Test
    void theEmbedderScaledByKedaGetsABudget() {
        Manifests manifests = HelmChart.render(ChartRenderings.KEDA);
        PodDisruptionBudget pdb = manifests.get(PodDisruptionBudget.class, "plmlab-embedder");
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
    }
}
