package dev.plmlab.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pods a rendering runs (Deployments and Jobs) and their containers, by name. */
final class Workloads {

    static final String PREFIX = HelmChart.RELEASE; // release "plmlab": resources are plmlab-<component>

    /** A pod template and the workload it belongs to. */
    record Pod(String workload, PodTemplateSpec template) {
        Map<String, String> labels() {
            return template.getMetadata().getLabels();
        }

        String component() {
            return labels().get("app.kubernetes.io/component");
        }
    }

    private Workloads() {
    }

    static List<Pod> pods(Manifests manifests) {
        List<Pod> pods = new ArrayList<>();
        manifests.all(Deployment.class).forEach(d -> pods.add(new Pod("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate())));
        manifests.all(Job.class).forEach(j -> pods.add(new Pod("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate())));
        return pods;
    }

    /** The first container of the Deployment named plmlab-COMPONENT. */
    static Container container(Manifests manifests, String component) {
        return deployment(manifests, component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Deployment deployment(Manifests manifests, String component) {
        return manifests.get(Deployment.class, PREFIX + "-" + component);
    }

    static Container jobContainer(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
