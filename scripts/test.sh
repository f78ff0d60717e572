#!/usr/bin/env bash
# The whole test suite, on a fresh machine (JDK 17, Maven, Debian's package registry, root):
# installs the real tools, builds the Debian + JRE base image, starts two local registries,
# then runs unit tests and the invoker ITs (real mvn builds, skopeo, podman).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
base_dir=${PAAS_BASE_DIR:-${HOME}/.cache/paas/base-image}
bash scripts/base-image.sh "$base_dir"
state=$(mktemp -d /tmp/paas-registries.XXXXXX)
trap 'bash scripts/registries.sh stop "$state"; rm -rf "$state"' EXIT
bash scripts/registries.sh start "$state" "$base_dir/base.oci.tar"
# shellcheck disable=SC1091
source "$state/env"
mvn -B -ntp install \
  -Dpaas.it.registry="$PAAS_IT_REGISTRY" \
  -Dpaas.it.authRegistry="$PAAS_IT_AUTH_REGISTRY" \
  -Dpaas.it.baseArchive="$base_dir/base.oci.tar" \
  -Dpaas.it.baseDockerArchive="$base_dir/base.docker.tar" \
  "$@"
