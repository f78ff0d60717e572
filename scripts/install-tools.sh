#!/usr/bin/env bash
# Installs the real tools the build's tests and examples use, from Debian's packages.
#   scripts/install-tools.sh           everything the test suite needs
#   scripts/install-tools.sh --base    only what the main job needs: the base image, and the
#                                      sandbox that runs .paas/image-env.sh (runc, slirp4netns)
set -euo pipefail
base=(debootstrap umoci skopeo runc slirp4netns)
# openssl and python3-nacl: the signing tests check keys and signatures with code not the plugin's
all=("${base[@]}" podman docker-registry apache2-utils uidmap busybox-static rpm lz4 openssl
  python3-nacl)
want=("${all[@]}")
[[ "${1:-}" == "--base" ]] && want=("${base[@]}")
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "Installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
