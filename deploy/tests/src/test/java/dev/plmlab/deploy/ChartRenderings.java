package dev.plmlab.deploy;

import java.util.List;
import java.util.stream.Stream;

/** The values profiles shipped with the chart, and each option switched on, as the tests render them. */
final class ChartRenderings {

    static final String CPU_ONLY = "helm/plmlab/values-cpu-only.yaml";
    static final String GPU = "helm/plmlab/values-gpu.yaml";
    static final String EXTERNAL = "helm/plmlab/values-external.yaml";
    static final String KIND = "k8s/plmlab/values-kind.yaml";

    static final Rendering TRITON = Rendering.option("triton", "triton: {enabled: true}");
    static final Rendering TRITON_POLL = Rendering.option("triton-poll", "triton: {enabled: true, modelControlMode: poll}");
    static final Rendering TRITON_NONE = Rendering.option("triton-none", "triton: {enabled: true, modelControlMode: none}");
    static final Rendering STRIMZI = Rendering.option("strimzi", "kafka: {strimzi: {enabled: true}}");
    static final Rendering KEDA = Rendering.option("keda", "keda: {enabled: true}");
    static final Rendering FORGE = Rendering.option("forge", """
            forge:
              enabled: true
              models:
                - {name: esm2_t6_8M_UR50D}
                - {name: esm2_t6_8M_UR50D, variant: random-init, seed: 42}
                - {name: esm2_t12_35M_UR50D, variant: stat-transfer/permute, seed: 7, url: "http://mirror.lab:8080/esm2_t12_35M_UR50D.pt", extraArgs: [--fp16-weights]}
            """);
    static final Rendering NETWORK_POLICY = Rendering.option("network-policy", """
            networkPolicy: {enabled: true, orchestratorApiFrom: [{podSelector: {matchLabels: {app: lab-portal}}}]}
            triton: {enabled: true}
            forge: {enabled: true, models: [{name: esm2_t6_8M_UR50D}]}
            """);
    static final Rendering NETWORK_POLICY_INGRESS_ONLY = Rendering.option("network-policy-ingress-only",
            "networkPolicy: {enabled: true, egress: {restrict: false}}");
    static final Rendering CATALOGUE = Rendering.option("catalogue", """
            catalogue:
              mirror: "http://checkpoints.lab.internal:8080/fair-esm"
              json: '{"models": []}'
            """);
    static final Rendering CATALOGUE_EXISTING = Rendering.option("catalogue-existing-configmap",
            "catalogue: {existingConfigMap: lab-catalogue, key: models.json}");
    static final Rendering PDB = Rendering.option("pdb", """
            services:
              dataset-prep: {replicas: 3}
              reporter: {pdb: {minAvailable: 1}}
            triton: {enabled: true, replicas: 2}
            """);
    static final Rendering SERVICE_MONITOR = Rendering.option("service-monitor",
            "metrics: {serviceMonitor: {enabled: true}}\ntriton: {enabled: true}");
    static final Rendering KAFKA_SASL = Rendering.option("kafka-sasl-ssl", """
            kafka:
              bootstrapServers: "broker-0.lab:9093,broker-1.lab:9093"
              security:
                protocol: SASL_SSL
                sasl: {mechanism: SCRAM-SHA-256, existingSecret: lab-kafka-user, usernameKey: user, passwordKey: pass}
                tls: {caSecret: lab-kafka-ca, caKey: ca.pem}
            keda: {enabled: true}
            """);
    static final Rendering EXISTING_SECRET = Rendering.option("s3-existing-secret", """
            s3: {existingSecret: lab-s3, existingSecretKeys: {accessKey: AWS_ACCESS_KEY_ID, secretKey: AWS_SECRET_ACCESS_KEY}}
            triton: {enabled: true}
            forge: {enabled: true, models: [{name: esm2_t6_8M_UR50D}]}
            """);
    /** Every option at once, so that they are seen to render together. */
    static final Rendering EVERYTHING = Rendering.option("everything", """
            kafka: {strimzi: {enabled: true, replicas: 3}, topics: {replicationFactor: 3}}
            keda: {enabled: true}
            forge: {enabled: true, models: [{name: esm2_t6_8M_UR50D}, {name: esm2_t6_8M_UR50D, variant: random-init, seed: 1}]}
            networkPolicy: {enabled: true}
            catalogue: {mirror: "https://mirror.lab/fair-esm", json: '{"models": []}'}
            metrics: {serviceMonitor: {enabled: true}}
            services: {probe-trainer: {replicas: 2}}
            triton: {enabled: true, replicas: 2, loadModels: [esm2_t6_8M_UR50D]}
            """);
    static final Rendering GPU_WITH_KEDA_AND_FORGE = Rendering.profileWith(GPU, "keda-forge", """
            keda: {enabled: true, minReplicas: 0, maxReplicas: 4}
            forge: {enabled: true, models: [{name: esm2_t6_8M_UR50D}]}
            """);
    static final Rendering EXTERNAL_WITH_KEDA = Rendering.profileWith(EXTERNAL, "keda", "keda: {enabled: true}");

    static List<Rendering> profiles() {
        return List.of(Rendering.defaults(), Rendering.profile(CPU_ONLY), Rendering.profile(GPU), Rendering.profile(EXTERNAL),
                Rendering.profile(KIND));
    }

    static List<Rendering> options() {
        return List.of(TRITON, TRITON_POLL, TRITON_NONE, STRIMZI, KEDA, FORGE, NETWORK_POLICY, NETWORK_POLICY_INGRESS_ONLY, CATALOGUE,
                CATALOGUE_EXISTING, PDB, SERVICE_MONITOR, KAFKA_SASL, EXISTING_SECRET, EVERYTHING, GPU_WITH_KEDA_AND_FORGE,
                EXTERNAL_WITH_KEDA);
    }

    static Stream<Rendering> all() {
        return Stream.concat(profiles().stream(), options().stream());
    }

    private ChartRenderings() {
    }
}
