#!/usr/bin/env bash
# Brings plmlab up on a local kind cluster: creates the cluster, builds the five service
# images and loads them into it, installs Kafka (one KRaft broker) and MinIO from k8s/infra,
# then installs the helm/plmlab chart with k8s/plmlab/values-kind.yaml.
#
# Needs Docker, kind, kubectl and (unless PLMLAB_USE_MANIFESTS=1) helm on the PATH, a JDK 17
# for the build, and debootstrap with root (or sudo) the first time, for the base image (see
# deploy/images/build-images.sh). Run from anywhere; re-running it reuses the cluster and upgrades.
#
# Settings (environment variables):
#   KIND_CLUSTER_NAME      cluster name                              (default plmlab)
#   PLMLAB_SKIP_BUILD=1    do not build the images; use what `docker images` has
#   PLMLAB_USE_MANIFESTS=1 apply k8s/plmlab (plain manifests) instead of installing the chart
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster="${KIND_CLUSTER_NAME:-plmlab}"
namespace=plmlab  # k8s/infra and k8s/plmlab are written for it
services=(orchestrator dataset-prep embedder probe-trainer reporter)

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'kind-up: %s\n' "$*" >&2; exit 1; }

require() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not on the PATH ($2)"
}

require docker "https://docs.docker.com/get-docker/"
require kind "https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
require kubectl "https://kubernetes.io/docs/tasks/tools/"
if [[ "${PLMLAB_USE_MANIFESTS:-0}" != 1 ]]; then
  require helm "https://helm.sh/docs/intro/install/ (or set PLMLAB_USE_MANIFESTS=1)"
fi
docker info >/dev/null 2>&1 || die "Docker is installed but not running (docker info failed)"

# The image tag the chart uses by default is its appVersion.
version="$(awk -F'"' '/^appVersion:/ {print $2}' "$repo_root/helm/plmlab/Chart.yaml")"
[[ -n "$version" ]] || die "no appVersion in helm/plmlab/Chart.yaml"

log "kind cluster '$cluster'"
if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  echo "exists, reusing it"
else
  kind create cluster --name "$cluster" --wait 120s
fi
kubectl config use-context "kind-$cluster" >/dev/null

if [[ "${PLMLAB_SKIP_BUILD:-0}" != 1 ]]; then
  log "building the services (Maven, tests skipped)"
  modules="$(printf 'services/%s,' "${services[@]}")"
  (cd "$repo_root" && ./mvnw -B -q -DskipTests package -pl "${modules%,}" -am)

  # the base image (debootstrap, once per machine) and k8s/Dockerfile.service per service, each also
  # tagged plmlab/<service>:<appVersion>; an unchanged image is not rebuilt
  log "images (deploy/images/build-images.sh)"
  PLMLAB_CONTAINER_ENGINE=docker "$repo_root/deploy/images/build-images.sh" --only services
fi

log "loading the images into kind"
for service in "${services[@]}"; do
  kind load docker-image --name "$cluster" "plmlab/$service:$version"
done

log "Kafka and MinIO (k8s/infra)"
kubectl apply -k "$repo_root/k8s/infra"
kubectl -n "$namespace" rollout status statefulset/kafka --timeout=300s
kubectl -n "$namespace" rollout status statefulset/minio --timeout=300s
kubectl -n "$namespace" wait --for=condition=complete job/minio-create-bucket --timeout=300s

if [[ "${PLMLAB_USE_MANIFESTS:-0}" == 1 ]]; then
  log "plmlab from plain manifests (k8s/plmlab)"
  # a finished Job cannot be updated in place: drop the old topic Job before re-applying
  kubectl -n "$namespace" delete job plmlab-kafka-topics --ignore-not-found
  kubectl apply -k "$repo_root/k8s/plmlab"
  kubectl -n "$namespace" wait --for=condition=complete job/plmlab-kafka-topics --timeout=300s
  for service in "${services[@]}"; do
    kubectl -n "$namespace" rollout status "deployment/plmlab-$service" --timeout=300s
  done
else
  log "plmlab from the chart (helm/plmlab)"
  helm upgrade --install plmlab "$repo_root/helm/plmlab" \
    --namespace "$namespace" --create-namespace \
    --values "$repo_root/k8s/plmlab/values-kind.yaml" \
    --wait --timeout 10m
fi

log "plmlab is up"
kubectl -n "$namespace" get pods
cat <<INFO

Follow an experiment (its id is in the orchestrator's log and on plmlab.experiments.accepted):
  kubectl -n $namespace port-forward svc/plmlab-orchestrator 8080 &
  curl localhost:8080/experiments/<experiment-id>
Submissions go to the Kafka topic plmlab.experiments from inside the cluster: the broker
advertises itself as kafka:9092, so a port-forward to it does not work for clients.
Logs: kubectl -n $namespace logs deploy/plmlab-orchestrator -f
MinIO console: kubectl -n $namespace port-forward svc/minio 9001, then http://localhost:9001 (plmlab / plmlab-secret)
Remove everything: kind delete cluster --name $cluster
INFO
