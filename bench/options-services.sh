#!/usr/bin/env bash
# Speed benchmark for options and services: what choosing them costs on every (warm) build.
# Builds the sample app (bench/app) with two environments (test, prod) two ways, in N pairs,
# alternating which goes first, on the same base (Debian + JRE) from the same local registry:
#   chosen  options wget (apt-get, a cached run layer) and utf8, the jacoco service in test
#           (resolved from the local repository, a layer on top), from the embedded profile
#   plain   the same app and environments without them: the peer
# and prints the median of the per-pair ratios chosen/plain.
#
#   bench/options-services.sh [--runs N] [--no-install] [--keep]
#
# Needs the Debian mirror once (wget's apt-get, in the warm-up). Exits non-zero only when a build
# or the setup fails, never on the figures.
set -Eeuo pipefail

runs=7 install=1 keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --no-install) install=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "options-services.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "options-services.sh: --runs wants a positive number" >&2; exit 2; }

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
goal="dev.paas:paas-maven-plugin:0.1.0-SNAPSHOT:build"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paas-bench-options.XXXXXX")
cleanup() {
  local rc=$?
  "$repo/scripts/registries.sh" stop "$tmp/registries" >/dev/null 2>&1 || true
  if [[ $keep == 1 || $rc != 0 ]]; then echo "logs kept in $tmp/logs" >&2; rm -rf "$tmp/registries"
  else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
mkdir -p "$tmp/logs"
die_with_log() { echo "options-services.sh: $1 (log: $2)" >&2; tail -n 40 "$2" >&2 || true; exit 1; }

[[ -f "$HOME/.cache/paas/base-image/base.oci.tar" ]] || "$repo/scripts/base-image.sh" >"$tmp/logs/base.log" 2>&1 \
  || die_with_log "scripts/base-image.sh failed" "$tmp/logs/base.log"
if [[ $install == 1 ]]; then
  (cd "$repo" && mvn -B -q install -DskipTests -Dinvoker.skip=true) >"$tmp/logs/install.log" 2>&1 \
    || die_with_log "installing the plugin failed" "$tmp/logs/install.log"
fi
"$repo/scripts/registries.sh" start "$tmp/registries" >"$tmp/logs/registries.log" 2>&1 \
  || die_with_log "scripts/registries.sh start failed" "$tmp/logs/registries.log"
# shellcheck disable=SC1091
source "$tmp/registries/env"

environments='<environments><environment>test</environment><environment>prod</environment></environments>'
chosen='<options><option>wget</option><option>utf8</option></options><services><service><name>jacoco</name><environments><environment>test</environment></environments></service></services>'
for kind in chosen plain; do
  cp -r "$bench_dir/app" "$tmp/$kind-app" && rm -rf "$tmp/$kind-app/target"
  extra=$environments
  [[ $kind == chosen ]] && extra+=$chosen
  sed -i "s|<mainClass>\${bench.mainClass}</mainClass>|&$extra|" "$tmp/$kind-app/pom.xml"
done
grep -q '<service><name>jacoco' "$tmp/chosen-app/pom.xml" || { echo "options-services.sh: could not edit the app's pom" >&2; exit 1; }

args=(-B -Dstyle.color=never "-Dbench.registry=$PAAS_IT_REGISTRY")
seconds=0
build() { # kind log extra-args...
  local kind=$1 log=$2 dir="$tmp/$1-app" t0 t1
  shift 2
  rm -f "$dir/target/paas/images.json"
  t0=$(date +%s%N)
  (cd "$dir" && mvn "${args[@]}" "$@" compile "$goal") >"$log" 2>&1 || die_with_log "$kind build failed" "$log"
  t1=$(date +%s%N)
  [[ -s "$dir/target/paas/images.json" ]] || die_with_log "$kind build wrote no images.json" "$log"
  seconds=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')
}

echo "== warm-up (plugins, dependencies, the JaCoCo agent, the base and wget's layer in the caches)"
build chosen "$tmp/logs/warmup-chosen.log"; build plain "$tmp/logs/warmup-plain.log"
build chosen "$tmp/logs/warmup-chosen2.log" -o; build plain "$tmp/logs/warmup-plain2.log" -o
grep -q 'Using the cached layer of option wget' "$tmp/logs/warmup-chosen2.log" \
  || die_with_log "the unchanged project ran option wget again" "$tmp/logs/warmup-chosen2.log"

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{m=int((NR+1)/2); print (NR%2 ? v[m] : (v[m]+v[m+1])/2)}'; }
echo "== $runs pairs, alternating order, offline ($(nproc) cores); whole 'mvn -o compile paas:build' commands"
printf '%-5s | %10s %9s | %12s\n' pair "chosen(s)" "plain(s)" chosen/plain
ratios=() cs=() ps=()
for ((i = 1; i <= runs; i++)); do
  order="chosen plain"; ((i % 2 == 0)) && order="plain chosen"
  for kind in $order; do
    build "$kind" "$tmp/logs/run$i-$kind.log" -o
    printf -v "t_$kind" '%s' "$seconds"
  done
  # shellcheck disable=SC2154
  cs+=("$t_chosen") ps+=("$t_plain")
  ratios+=("$(awk -v a="$t_chosen" -v b="$t_plain" 'BEGIN{printf "%.3f", a/b}')")
  printf '%-5s | %10s %9s | %12s\n' "$i" "$t_chosen" "$t_plain" "${ratios[-1]}"
done
echo "median chosen/plain = $(median "${ratios[@]}") (chosen $(median "${cs[@]}") s, plain $(median "${ps[@]}") s)"
