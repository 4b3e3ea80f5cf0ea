{{/* Chart name, overridable. */}}
{{- define "plmlab.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name: <release>-<name>, or just the release name when it already
contains the chart name (release "plmlab" gives plmlab-orchestrator, not plmlab-plmlab-...).
Kept to 40 characters so that "-<service>" still fits in 63.
*/}}
{{- define "plmlab.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := include "plmlab.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels that select the pods of one component; call with (dict "ctx" $ "component" NAME). */}}
{{- define "plmlab.selectorLabels" -}}
app.kubernetes.io/name: {{ include "plmlab.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* All labels of a component's resources; call with (dict "ctx" $ "component" NAME). */}}
{{- define "plmlab.labels" -}}
{{ include "plmlab.selectorLabels" . }}
app.kubernetes.io/part-of: plmlab
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- end }}

{{/* Image reference of a plmlab service; call with (dict "ctx" $ "image" $svc.image). */}}
{{- define "plmlab.serviceImage" -}}
{{- $registry := .ctx.Values.images.registry }}
{{- $tag := .image.tag | default .ctx.Values.images.tag | default .ctx.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/* Name of the Secret with the S3 credentials: the user's, or the one this chart creates. */}}
{{- define "plmlab.s3SecretName" -}}
{{- .Values.s3.existingSecret | default (printf "%s-s3" (include "plmlab.fullname" .)) }}
{{- end }}

{{/* Name and in-cluster URL of the Triton Service (KServe v2 over HTTP). */}}
{{- define "plmlab.tritonName" -}}
{{- printf "%s-triton" (include "plmlab.fullname" .) }}
{{- end }}
{{- define "plmlab.tritonUrl" -}}
{{- printf "http://%s:8000" (include "plmlab.tritonName" .) }}
{{- end }}

{{/*
Triton's --model-repository: triton.modelRepository when set, else derived from the S3
settings. Triton addresses an S3-compatible store as s3://host:port/bucket/path (HTTP) or
s3://https://host:port/bucket/path, and needs the port spelled out.
*/}}
{{- define "plmlab.tritonModelRepository" -}}
{{- if .Values.triton.modelRepository }}
{{- $published := printf "%s/%s" .Values.s3.bucket (trimAll "/" .Values.triton.modelRepositoryPrefix) }}
{{- if not (hasSuffix $published (trimSuffix "/" .Values.triton.modelRepository)) }}
{{- fail (printf "triton.modelRepository %q must end with %s (s3.bucket/triton.modelRepositoryPrefix), where the embedder and the forge Jobs publish the models" .Values.triton.modelRepository $published) }}
{{- end }}
{{- .Values.triton.modelRepository }}
{{- else }}
{{- $url := urlParse .Values.s3.endpoint }}
{{- $https := eq $url.scheme "https" }}
{{- $host := $url.host }}
{{- if not (contains ":" $host) }}
{{- $host = printf "%s:%s" $host (ternary "443" "80" $https) }}
{{- end }}
{{- $path := printf "%s/%s" .Values.s3.bucket (trimAll "/" .Values.triton.modelRepositoryPrefix) | trimSuffix "/" }}
{{- printf "s3://%s%s/%s" (ternary "https://" "" $https) $host $path }}
{{- end }}
{{- end }}

{{/* S3 credentials as env vars named NAME_ACCESS / NAME_SECRET; call with (dict "ctx" $ "access" NAME "secret" NAME). */}}
{{- define "plmlab.s3CredentialEnv" -}}
- name: {{ .access }}
  valueFrom:
    secretKeyRef:
      name: {{ include "plmlab.s3SecretName" .ctx }}
      key: {{ .ctx.Values.s3.existingSecretKeys.accessKey }}
- name: {{ .secret }}
  valueFrom:
    secretKeyRef:
      name: {{ include "plmlab.s3SecretName" .ctx }}
      key: {{ .ctx.Values.s3.existingSecretKeys.secretKey }}
{{- end }}

{{/* Name of the Strimzi Kafka cluster (its pods carry strimzi.io/cluster: this). */}}
{{- define "plmlab.strimziName" -}}
{{- printf "%s-kafka" (include "plmlab.fullname" .) }}
{{- end }}

{{/* Bootstrap servers every Kafka client gets: the Strimzi cluster's bootstrap Service, or kafka.bootstrapServers. */}}
{{- define "plmlab.kafkaBootstrap" -}}
{{- if .Values.kafka.strimzi.enabled }}
{{- printf "%s-kafka-bootstrap:9092" (include "plmlab.strimziName" .) }}
{{- else }}
{{- required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers }}
{{- end }}
{{- end }}

{{/* Checks that the Kafka security settings fit together; renders nothing. */}}
{{- define "plmlab.kafkaSecurityCheck" -}}
{{- $sec := .Values.kafka.security }}
{{- if and (hasPrefix "SASL_" $sec.protocol) (not $sec.sasl.existingSecret) }}
{{- fail (printf "kafka.security.protocol=%s needs kafka.security.sasl.existingSecret (the Secret with the SASL user name and password)" $sec.protocol) }}
{{- end }}
{{- if and .Values.kafka.strimzi.enabled (ne $sec.protocol "PLAINTEXT") }}
{{- fail "kafka.strimzi.enabled=true makes a plain listener without authentication: kafka.security.protocol must be PLAINTEXT" }}
{{- end }}
{{- end }}

{{/* Where a Kafka client finds the brokers' CA certificate (a Secret volume named kafka-ca). */}}
{{- define "plmlab.kafkaCaDir" -}}
/etc/plmlab/kafka-ca
{{- end }}

{{/*
Kafka client env vars (KAFKA_* are Quarkus' default Kafka client settings): bootstrap servers,
then the security settings of kafka.security. The SASL credentials come from the Secret into
SASL_USERNAME/SASL_PASSWORD, which the JAAS line expands ($(VAR) is Kubernetes' env
interpolation), so the password is never in the manifest.
*/}}
{{- define "plmlab.kafkaEnv" -}}
{{- include "plmlab.kafkaSecurityCheck" . }}
{{- $sec := .Values.kafka.security }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "plmlab.kafkaBootstrap" . | quote }}
{{- if ne $sec.protocol "PLAINTEXT" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $sec.protocol | quote }}
{{- end }}
{{- if hasPrefix "SASL_" $sec.protocol }}
- name: SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $sec.sasl.existingSecret }}
      key: {{ $sec.sasl.usernameKey }}
- name: SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $sec.sasl.existingSecret }}
      key: {{ $sec.sasl.passwordKey }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $sec.sasl.mechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  {{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $sec.sasl.mechanism "PLAIN") }}
  value: {{ printf "%s required username=\"$(SASL_USERNAME)\" password=\"$(SASL_PASSWORD)\";" $module | quote }}
{{- end }}
{{- if and (hasSuffix "SSL" $sec.protocol) $sec.tls.caSecret }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "%s/%s" (include "plmlab.kafkaCaDir" .) $sec.tls.caKey | quote }}
{{- end }}
{{- end }}

{{/* Whether Kafka clients mount the CA Secret: "true" or "". */}}
{{- define "plmlab.kafkaCaMounted" -}}
{{- if and (hasSuffix "SSL" .Values.kafka.security.protocol) .Values.kafka.security.tls.caSecret }}true{{ end }}
{{- end }}

{{- define "plmlab.kafkaCaVolumeMount" -}}
{{- if include "plmlab.kafkaCaMounted" . }}
- name: kafka-ca
  mountPath: {{ include "plmlab.kafkaCaDir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{- define "plmlab.kafkaCaVolume" -}}
{{- if include "plmlab.kafkaCaMounted" . }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.security.tls.caSecret }}
    items:
      - {key: {{ .Values.kafka.security.tls.caKey }}, path: {{ .Values.kafka.security.tls.caKey }}}
{{- end }}
{{- end }}

{{/* The embedder's mode for Triton's model control: explicit, or none for Triton's none and poll. */}}
{{- define "plmlab.embedderModelControl" -}}
{{- ternary "explicit" "none" (eq .Values.triton.modelControlMode "explicit") }}
{{- end }}

{{/* Name of the ConfigMap with the operator's catalogue JSON, or "" when there is none. */}}
{{- define "plmlab.catalogueConfigMap" -}}
{{- if .Values.catalogue.existingConfigMap }}
{{- .Values.catalogue.existingConfigMap }}
{{- else if .Values.catalogue.json }}
{{- printf "%s-catalogue" (include "plmlab.fullname" .) }}
{{- end }}
{{- end }}

{{/* Where the embedder reads the operator's catalogue file. */}}
{{- define "plmlab.catalogueDir" -}}
/etc/plmlab/catalogue
{{- end }}

{{/* The s3://bucket/prefix URI of the Triton model repository, as plmlab forge --out takes it. */}}
{{- define "plmlab.forgeOut" -}}
{{- printf "s3://%s/%s" .Values.s3.bucket (trimAll "/" .Values.triton.modelRepositoryPrefix) }}
{{- end }}

{{/* Whether the embedder's Deployment is scaled by KEDA: "true" or "". */}}
{{- define "plmlab.kedaScalesEmbedder" -}}
{{- if and .Values.keda.enabled .Values.services.embedder.enabled }}true{{ end }}
{{- end }}

{{/* Components whose pods the NetworkPolicies cover, as a list (services, Triton, the Jobs). */}}
{{- define "plmlab.networkComponents" -}}
{{- $components := list }}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- $components = append $components $name }}
{{- end }}
{{- end }}
{{- if .Values.triton.enabled }}
{{- $components = append $components "triton" }}
{{- end }}
{{- if and .Values.kafka.topics.create (not .Values.kafka.strimzi.enabled) }}
{{- $components = append $components "kafka-topics" }}
{{- end }}
{{- if and .Values.forge.enabled .Values.forge.models }}
{{- $components = append $components "forge" }}
{{- end }}
{{- toJson $components }}
{{- end }}

{{/* An egress rule (as a dict) to "to" (left out when empty: any address) on TCP "ports"; call with (dict "to" LIST "ports" LIST). */}}
{{- define "plmlab.egressRule" -}}
{{- $ports := list }}
{{- range .ports }}
{{- $ports = append $ports (dict "port" (int .) "protocol" "TCP") }}
{{- end }}
{{- $rule := dict "ports" $ports }}
{{- with .to }}
{{- $_ := set $rule "to" . }}
{{- end }}
{{- toJson $rule }}
{{- end }}

{{/* The Kafka ports: networkPolicy.egress.kafka.ports, else those of the bootstrap servers. */}}
{{- define "plmlab.kafkaPorts" -}}
{{- $ports := .Values.networkPolicy.egress.kafka.ports }}
{{- if not $ports }}
{{- range splitList "," (include "plmlab.kafkaBootstrap" .) }}
{{- $port := regexFind ":[0-9]+$" (trim .) | trimPrefix ":" }}
{{- if not $port }}
{{- fail (printf "kafka.bootstrapServers entry %q has no :port, which the NetworkPolicies need (or set networkPolicy.egress.kafka.ports)" (trim .)) }}
{{- end }}
{{- $ports = append $ports (int $port) }}
{{- end }}
{{- end }}
{{- toJson (uniq $ports) }}
{{- end }}

{{/* Port of an http(s) URL: its own, else 443 or 80. */}}
{{- define "plmlab.urlPort" -}}
{{- $url := urlParse . }}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" }}
{{- $port | default (ternary "443" "80" (eq $url.scheme "https")) }}
{{- end }}

{{/*
Egress rules of a component, as a YAML list; call with (dict "ctx" $ "component" NAME): DNS for
all; Kafka for the services and the topic Job; S3 for all but the topic Job; the catalogue
downloads for the embedder and the forge Jobs; Triton's KServe ports for the embedder.
*/}}
{{- define "plmlab.egressRules" -}}
{{- $ctx := .ctx }}
{{- $egress := $ctx.Values.networkPolicy.egress }}
{{- $c := .component }}
{{- $dns := dict "ports" (list (dict "port" 53 "protocol" "UDP") (dict "port" 53 "protocol" "TCP")) }}
{{- with $egress.dns.to }}
{{- $_ := set $dns "to" . }}
{{- end }}
{{- $rules := list $dns }}
{{- if not (has $c (list "triton" "forge")) }}
{{- $kafkaTo := $egress.kafka.to }}
{{- if and (not $kafkaTo) $ctx.Values.kafka.strimzi.enabled }}
{{- $kafkaTo = list (dict "podSelector" (dict "matchLabels" (dict "strimzi.io/cluster" (include "plmlab.strimziName" $ctx) "strimzi.io/broker-role" "true"))) }}
{{- end }}
{{- $rules = append $rules (include "plmlab.egressRule" (dict "to" $kafkaTo "ports" (include "plmlab.kafkaPorts" $ctx | fromJsonArray)) | fromJson) }}
{{- end }}
{{- if ne $c "kafka-topics" }}
{{- $s3Ports := $egress.s3.ports | default (list (include "plmlab.urlPort" $ctx.Values.s3.endpoint)) }}
{{- $rules = append $rules (include "plmlab.egressRule" (dict "to" $egress.s3.to "ports" $s3Ports) | fromJson) }}
{{- end }}
{{- if and (has $c (list "embedder" "forge")) $egress.catalogue.enabled }}
{{- $ports := $egress.catalogue.ports }}
{{- with $ctx.Values.catalogue.mirror }}
{{- $ports = append $ports (int (include "plmlab.urlPort" .)) | uniq }}
{{- end }}
{{- $rules = append $rules (include "plmlab.egressRule" (dict "to" $egress.catalogue.to "ports" $ports) | fromJson) }}
{{- end }}
{{- if and (eq $c "embedder") $ctx.Values.triton.enabled }}
{{- $triton := dict "podSelector" (dict "matchLabels" (include "plmlab.selectorLabels" (dict "ctx" $ctx "component" "triton") | fromYaml)) }}
{{- $rules = append $rules (include "plmlab.egressRule" (dict "to" (list $triton) "ports" (list 8000 8001)) | fromJson) }}
{{- end }}
{{- $rules = concat $rules ($egress.extra | default list) }}
{{- toYaml $rules }}
{{- end }}
