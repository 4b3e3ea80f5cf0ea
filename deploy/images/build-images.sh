#!/usr/bin/env bash
# Builds every plmlab image on this machine, with podman or docker, from nothing but Debian
# packages and this repository's build outputs (no image registry is needed):
#
#   plmlab/base-jre   Debian bookworm (debootstrap, minbase) + openjdk-17-jre-headless and a
#                     non-root user plmlab (uid/gid 185, HOME /home/plmlab)
#   plmlab/<service>  the five services from services/<service>/target/quarkus-app
#                     (k8s/Dockerfile.service)
#   plmlab/kafka      a one-node KRaft broker from the Kafka jars the testkit runs
#   plmlab/s3proxy    S3Proxy (filesystem backend), the jar the testkit runs
#   plmlab/kserve     the testkit's KServe v2 server (dev.plmlab.testkit.KServeServerMain),
#                     the stand-in for Triton
#   (the last three from deploy/images/tool.Containerfile)
#
# Cached by content: an image's tag is a hash of everything that goes into it (its files, its
# Containerfile, its build arguments and its base image's tag), and an image whose tag exists is
# not built again. The base's root file system is kept as a tarball under
# ~/.cache/plmlab/images, so debootstrap runs once per machine. Every image is also tagged with
# the chart's appVersion (what helm/plmlab and k8s/kind-up.sh use).
#
# Needs: the services built (./mvnw package -DskipTests -pl services/<name> -am) and the image
# jars collected by the deploy/containers module (./mvnw package -DskipTests -pl
# deploy/containers); root (or sudo) for debootstrap on the first run.
#
# Usage: deploy/images/build-images.sh [--only base|services|infra] [--tags-file FILE]
#   --tags-file FILE  writes NAME=IMAGE:TAG lines for every image (what the ITs start)
# Settings (environment variables):
#   PLMLAB_CONTAINER_ENGINE  podman or docker (default: podman when installed, else docker)
#   PLMLAB_IMAGE_CACHE       where the base rootfs tarball is kept (default ~/.cache/plmlab/images)
#   PLMLAB_IMAGE_JARS        the jars for kafka, s3proxy and kserve
#                            (default deploy/containers/target/image-jars)
#   PLMLAB_DEBIAN_MIRROR     debootstrap's mirror (default: the first one apt is configured with)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
images_dir="$repo_root/deploy/images"
services=(orchestrator dataset-prep embedder probe-trainer reporter)
cache_dir="${PLMLAB_IMAGE_CACHE:-$HOME/.cache/plmlab/images}"
jars_dir="${PLMLAB_IMAGE_JARS:-$repo_root/deploy/containers/target/image-jars}"

# What the base image is made of; changing any of it makes a new base tag (and rootfs tarball).
base_suite=bookworm
base_packages=openjdk-17-jre-headless
base_recipe="debootstrap --variant=minbase --include=$base_packages $base_suite; user plmlab 185:185 /home/plmlab; apt lists and archives removed; v1"

only=""
tags_file=""
while (($#)); do
  case "$1" in
    --only) only="${2:?--only needs base, services or infra}"; shift 2 ;;
    --tags-file) tags_file="${2:?--tags-file needs a file}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d'; exit 0 ;;
    *) echo "build-images: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'build-images: %s\n' "$*"; }
die() { printf 'build-images: ERROR: %s\n' "$*" >&2; exit 1; }

engine="${PLMLAB_CONTAINER_ENGINE:-}"
if [[ -z "$engine" ]]; then
  if command -v podman >/dev/null 2>&1; then
    engine=podman
  elif command -v docker >/dev/null 2>&1; then
    engine=docker
  else
    die "neither podman nor docker is installed (deploy/images/setup-podman.sh installs podman)"
  fi
fi
command -v "$engine" >/dev/null 2>&1 || die "PLMLAB_CONTAINER_ENGINE=$engine is not on the PATH"
"$engine" info >/dev/null 2>&1 || die "$engine is installed but does not work ('$engine info' failed; for podman run deploy/images/setup-podman.sh)"

version="$(awk -F'"' '/^appVersion:/ {print $2}' "$repo_root/helm/plmlab/Chart.yaml")"
[[ -n "$version" ]] || die "no appVersion in helm/plmlab/Chart.yaml"

declare -A built_tags=()

image_exists() { "$engine" image inspect "$1" >/dev/null 2>&1; }

# sha256 over the relative paths, modes and contents of every file in a folder
tree_hash() {
  (cd "$1" && find . -type f -printf '%P %m\n' | LC_ALL=C sort | while read -r path mode; do
    printf '%s %s %s\n' "$path" "$mode" "$(sha256sum "$path" | cut -c1-64)"
  done) | sha256sum | cut -c1-64
}

# runs a command, showing its output only when it fails
quietly() {
  local output
  if ! output="$("$@" 2>&1)"; then
    printf '%s\n' "$output" >&2
    die "failed: $*"
  fi
}

short() { printf '%s' "${1:0:16}"; }

timed() {
  local started=$SECONDS
  "$@"
  say "  ($((SECONDS - started)) s)"
}

debian_mirror() {
  if [[ -n "${PLMLAB_DEBIAN_MIRROR:-}" ]]; then
    echo "$PLMLAB_DEBIAN_MIRROR"
    return
  fi
  # deb822 (URIs:) first, then one-line sources (deb URL SUITE ...); security and other suites skipped
  local mirror
  mirror="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}' | grep -v -e security -e '^$' | head -n1 || true)"
  if [[ -z "$mirror" ]]; then
    mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' | grep -v security | head -n1 || true)"
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

# root for debootstrap and for the rootfs' owners: this user when root, else sudo
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "debootstrap needs root to build the base image's root file system, and there is no sudo: run as root once"
  fi
}

build_rootfs_tarball() {
  local tarball="$1" rootfs mirror
  command -v debootstrap >/dev/null 2>&1 || [[ -x /usr/sbin/debootstrap ]] \
    || die "debootstrap is not installed (deploy/images/setup-podman.sh installs it)"
  rootfs="$(mktemp -d "${TMPDIR:-/tmp}/plmlab-rootfs.XXXXXX")"
  # mktemp's folder is 0700, and it becomes the image's /
  chmod 0755 "$rootfs"
  mirror="$(debian_mirror)"
  say "debootstrap $base_suite with $base_packages from $mirror (once per machine, about 80 s)"
  as_root env PATH="$PATH:/usr/sbin:/sbin" debootstrap --variant=minbase --include="$base_packages" "$base_suite" "$rootfs" "$mirror" \
    >"$rootfs.log" 2>&1 || { tail -n 20 "$rootfs.log" >&2; die "debootstrap failed (log above, full log $rootfs.log)"; }
  rm -f "$rootfs.log"
  # the image's non-root user, written into the files so that building needs no RUN step
  as_root sh -c "
    echo 'plmlab:x:185:185:plmlab:/home/plmlab:/usr/sbin/nologin' >>'$rootfs/etc/passwd'
    echo 'plmlab:x:185:' >>'$rootfs/etc/group'
    echo 'plmlab:!:19000::::::' >>'$rootfs/etc/shadow'
    install -d -m 0755 -o 185 -g 185 '$rootfs/home/plmlab'
    rm -rf '$rootfs'/var/cache/apt/archives/*.deb '$rootfs'/var/lib/apt/lists/* '$rootfs'/var/log/*.log"
  mkdir -p "$(dirname "$tarball")"
  as_root tar -C "$rootfs" --numeric-owner -cf "$tarball.partial" .
  as_root chown "$(id -u):$(id -g)" "$tarball.partial"
  mv "$tarball.partial" "$tarball"
  as_root rm -rf "$rootfs"
}

base_tag=""
build_base() {
  local hash tarball
  hash="$(printf '%s' "$base_recipe" | sha256sum | cut -c1-64)"
  base_tag="plmlab/base-jre:$(short "$hash")"
  built_tags[base-jre]="$base_tag"
  if image_exists "$base_tag"; then
    say "$base_tag exists; not rebuilt"
    return
  fi
  tarball="$cache_dir/base-jre-$(short "$hash").tar"
  if [[ -f "$tarball" ]]; then
    say "base root file system from the cache: $tarball"
  else
    timed build_rootfs_tarball "$tarball"
  fi
  say "importing $base_tag"
  quietly "$engine" import --change 'ENV LANG=C.UTF-8' "$tarball" "$base_tag"
}

require_base() {
  [[ -n "$base_tag" ]] || build_base
}

# build NAME CONTEXT CONTAINERFILE [--build-arg K=V ...]: tag from the context, the
# Containerfile, the arguments and the base tag; skipped when that tag exists
build_image() {
  local name="$1" context="$2" containerfile="$3"
  shift 3
  local hash tag
  hash="$( { tree_hash "$context"; sha256sum <"$containerfile"; printf '%s\n' "$base_tag" "$@"; } | sha256sum | cut -c1-64)"
  tag="plmlab/$name:$(short "$hash")"
  built_tags[$name]="$tag"
  if image_exists "$tag"; then
    say "$tag exists; not rebuilt"
  else
    say "building $tag"
    local started=$SECONDS
    quietly "$engine" build -f "$containerfile" --build-arg BASE_IMAGE="$base_tag" "$@" -t "$tag" "$context"
    say "  ($((SECONDS - started)) s)"
  fi
  "$engine" tag "$tag" "plmlab/$name:$version"
  drop_older "$name" "${tag##*:}"
}

# removes the earlier content-hash tags of an image, so that rebuilds do not fill the disk; one a
# container still uses stays (rmi without force refuses it)
drop_older() {
  local name="$1" keep="$2" old
  for old in $("$engine" images --format '{{.Repository}}:{{.Tag}}' "plmlab/$name" 2>/dev/null \
      | grep -E ":[0-9a-f]{16}$" | grep -v ":$keep$" || true); do
    "$engine" rmi "$old" >/dev/null 2>&1 && say "  removed the earlier $old" || true
  done
}

# JVM flags baked into a service's image, the same as its services.<name>.javaOpts in the chart
service_java_opts() {
  case "$1" in
    probe-trainer) echo "--add-modules jdk.incubator.vector" ;;
    embedder) echo "-Xss64m" ;;
    *) echo "" ;;
  esac
}

build_services() {
  require_base
  local service app_dir
  for service in "${services[@]}"; do
    app_dir="$repo_root/services/$service/target/quarkus-app"
    [[ -f "$app_dir/quarkus-run.jar" ]] \
      || die "$app_dir/quarkus-run.jar is missing: build the services first (./mvnw package -DskipTests -pl services/$service -am)"
    build_image "$service" "$app_dir" "$repo_root/k8s/Dockerfile.service" \
      --build-arg SERVICE_JAVA_OPTS="$(service_java_opts "$service")"
  done
}

# a context folder of the jars (hard links where possible) and the start script
stage_tool() {
  local stage="$1" jars="$2" start="$3"
  rm -rf "$stage"
  mkdir -p "$stage/lib" "$stage/bin"
  cp -l "$jars"/* "$stage/lib/" 2>/dev/null || cp "$jars"/* "$stage/lib/"
  install -m 0755 "$start" "$stage/bin/start"
}

build_infra() {
  require_base
  local what
  for what in testkit s3proxy; do
    [[ -d "$jars_dir/$what" ]] && compgen -G "$jars_dir/$what/*.jar" >/dev/null \
      || die "no jars in $jars_dir/$what: collect them first (./mvnw package -DskipTests -pl deploy/containers -am)"
  done
  local stages="$jars_dir/../image-contexts"
  stage_tool "$stages/kafka" "$jars_dir/testkit" "$images_dir/kafka-start.sh"
  build_image kafka "$stages/kafka" "$images_dir/tool.Containerfile"
  stage_tool "$stages/s3proxy" "$jars_dir/s3proxy" "$images_dir/s3proxy-start.sh"
  build_image s3proxy "$stages/s3proxy" "$images_dir/tool.Containerfile"
  stage_tool "$stages/kserve" "$jars_dir/testkit" "$images_dir/kserve-start.sh"
  build_image kserve "$stages/kserve" "$images_dir/tool.Containerfile"
}

started=$SECONDS
case "$only" in
  "") build_base; build_services; build_infra ;;
  base) build_base ;;
  services) build_services ;;
  infra) build_infra ;;
  *) die "--only takes base, services or infra, not '$only'" ;;
esac
say "done with $engine in $((SECONDS - started)) s"

if [[ -n "$tags_file" ]]; then
  mkdir -p "$(dirname "$tags_file")"
  for name in "${!built_tags[@]}"; do
    echo "$name=${built_tags[$name]}"
  done | LC_ALL=C sort >"$tags_file"
  say "tags written to $tags_file"
fi
