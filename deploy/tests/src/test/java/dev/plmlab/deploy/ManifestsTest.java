package dev.plmlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The unknown-field walk itself: it must report what the typed model silently kept aside. */
class ManifestsTest {

    @Test
    void misspeltAndMisplacedFieldsAreReportedWithTheirPath() {
        Manifests manifests = Manifests.parse("""
                # Source: a comment-only document is skipped
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: nginx
                          readinesProbe: {httpGet: {path: /, port: 80}}
                          resources: {limits: {cpu: 1}, maximum: {cpu: 2}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, lables: {app: web}}
                spec: {ports: [{port: 80}]}
                """);

        assertEquals(2, manifests.objects.size());
        assertEquals(List.of(
                "Deployment/web.spec.template.spec.containers[0].readinesProbe",
                "Deployment/web.spec.template.spec.containers[0].resources.maximum",
                "Service/web.metadata.lables"), manifests.unknownFields().stream().sorted().toList());
    }

    @Test
    void aCorrectManifestHasNoUnknownFields() {
        Manifests manifests = Manifests.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, labels: {app: web}}
                data: {key: value}
                """);
        assertEquals(List.of(), manifests.unknownFields());
    }
}
