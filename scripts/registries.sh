#!/usr/bin/env bash
# Starts two real OCI registries (CNCF distribution, Debian's docker-registry) on free loopback
# ports: an open one and one with basic auth (user paas / password paas-secret), and pushes the
# base image to both as base/java17:1 (and, where scripts/base-image.sh wrote it beside the base,
# the Jetty base to the open one as base/java17-jetty:1). Writes the addresses to STATE_DIR/env.
#
#   scripts/registries.sh start STATE_DIR [BASE_OCI_ARCHIVE]
#   scripts/registries.sh stop STATE_DIR
set -euo pipefail
cmd=$1 state=$2
base=${3:-${HOME}/.cache/paas/base-image/base.oci.tar}

free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port from $1" >&2; exit 1
}

start_one() { # name port [auth]
  local name=$1 port=$2 dir="$state/$1"
  mkdir -p "$dir/data"
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage: {filesystem: {rootdirectory: $dir/data}, delete: {enabled: true}}"
    echo "http: {addr: 127.0.0.1:$port}"
    if [[ -n "${3:-}" ]]; then
      htpasswd -Bbn paas paas-secret > "$dir/htpasswd"
      echo "auth: {htpasswd: {realm: paas-test, path: $dir/htpasswd}}"
    fi
  } > "$dir/config.yml"
  docker-registry serve "$dir/config.yml" > "$dir/log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
    [[ "$code" == 200 || "$code" == 401 ]] && return 0
    sleep 0.1
  done
  echo "registry $name did not start; log:" >&2; cat "$dir/log" >&2; exit 1
}

case "$cmd" in
  start)
    mkdir -p "$state"
    open_port=$(free_port 5000)
    start_one open "$open_port"
    auth_port=$(free_port $((open_port + 1)))
    start_one auth "$auth_port" auth
    skopeo copy --quiet --dest-tls-verify=false "oci-archive:$base" "docker://127.0.0.1:$open_port/base/java17:1"
    skopeo copy --quiet --dest-tls-verify=false --dest-creds paas:paas-secret \
      "oci-archive:$base" "docker://127.0.0.1:$auth_port/base/java17:1"
    jetty="$(dirname "$base")/jetty.oci.tar"
    if [[ -f "$jetty" ]]; then
      skopeo copy --quiet --dest-tls-verify=false "oci-archive:$jetty" \
        "docker://127.0.0.1:$open_port/base/java17-jetty:1"
    fi
    cat > "$state/env" <<ENV
PAAS_IT_REGISTRY=127.0.0.1:$open_port
PAAS_IT_AUTH_REGISTRY=127.0.0.1:$auth_port
ENV
    cat "$state/env"
    ;;
  stop)
    for pidfile in "$state"/*/pid; do
      [[ -f "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    ;;
  *) echo "usage: $0 start|stop STATE_DIR [BASE_OCI_ARCHIVE]" >&2; exit 2 ;;
esac
