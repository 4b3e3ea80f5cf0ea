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
