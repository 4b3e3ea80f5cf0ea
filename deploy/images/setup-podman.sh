#!/usr/bin/env bash
# Makes this machine able to build and run the plmlab images with podman, and serves the Docker
# API that Testcontainers talks to. Idempotent: each step is skipped when already done, and
# every step says what it did.
#
#   1. installs podman, runc and debootstrap with apt when one is missing (needs root);
#   2. writes /etc/containers/containers.conf when there is none: runc (crun fails on some
#      cgroup setups), cgroupfs, and default ulimits that an unprivileged host accepts;
#   3. starts `podman system service` on unix:///run/podman/podman.sock when nothing answers there.
#
# Afterwards: export DOCKER_HOST=unix:///run/podman/podman.sock TESTCONTAINERS_RYUK_DISABLED=true
#
# Settings: PLMLAB_PODMAN_SOCKET (default /run/podman/podman.sock),
#           PLMLAB_PODMAN_LOG (default /run/podman/podman-service.log)
set -euo pipefail

socket="${PLMLAB_PODMAN_SOCKET:-/run/podman/podman.sock}"
service_log="${PLMLAB_PODMAN_LOG:-$(dirname "$socket")/podman-service.log}"
conf=/etc/containers/containers.conf

say() { printf 'setup-podman: %s\n' "$*"; }
die() { printf 'setup-podman: ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@" || die "'$*' needs root and sudo -n refused (run this script as root)"
  else
    die "'$*' needs root (run this script as root)"
  fi
}

missing=()
for tool in podman runc debootstrap; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || missing+=("$tool")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and there is no apt-get to install them; install them by hand"
  say "installing ${missing[*]} with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null \
    || die "apt-get update failed (is the Debian mirror in /etc/apt/sources.list* reachable?)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
else
  say "podman, runc and debootstrap are installed"
fi

if [[ -e "$conf" ]]; then
  say "$conf exists; left as it is"
else
  say "writing $conf (runc, cgroupfs, ulimits nofile=10000 nproc=4096)"
  as_root mkdir -p "$(dirname "$conf")"
  as_root tee "$conf" >/dev/null <<'CONF'
# written by plmlab deploy/images/setup-podman.sh
[containers]
# podman's default ulimits exceed what this kind of host allows a container
default_ulimits = ["nofile=10000:10000", "nproc=4096:4096"]

[engine]
# crun fails on this kind of host's cgroups; runc works
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
fi

answers() {
  # podman's own client over the socket: no curl needed
  timeout 10 podman --remote --url "unix://$socket" version >/dev/null 2>&1
}

if answers; then
  say "the podman API already answers on unix://$socket"
else
  as_root mkdir -p "$(dirname "$socket")"
  say "starting podman system service on unix://$socket (log: $service_log)"
  # setsid: the service outlives this script and the shell that called it
  as_root setsid podman system service --time=0 "unix://$socket" >"$service_log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do
    answers && break
    sleep 0.2
  done
  answers || die "podman system service did not answer on unix://$socket within 10 s; see $service_log"
  say "the podman API answers on unix://$socket"
fi
say "use: export DOCKER_HOST=unix://$socket TESTCONTAINERS_RYUK_DISABLED=true"
