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

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup options-services.sh 7 '2,13p' "$@"

environments='<environments><environment>test</environment><environment>prod</environment></environments>'
chosen='<options><option>wget</option><option>utf8</option></options><services><service><name>jacoco</name><environments><environment>test</environment></environments></service></services>'
for kind in chosen plain; do
  cp -r "$bench_dir/app" "$tmp/$kind-app" && rm -rf "$tmp/$kind-app/target"
  extra=$environments
  [[ $kind == chosen ]] && extra+=$chosen
  sed -i "s|<mainClass>\${bench.mainClass}</mainClass>|&$extra|" "$tmp/$kind-app/pom.xml"
done
grep -q '<service><name>jacoco' "$tmp/chosen-app/pom.xml" || { echo "options-services.sh: could not edit the app's pom" >&2; exit 1; }

build() { timed_build "$1" "$tmp/$1-app" "$2" "${@:3}"; } # kind log extra-args...

echo "== warm-up (plugins, dependencies, the JaCoCo agent, the base and wget's layer in the caches)"
build chosen "$tmp/logs/warmup-chosen.log"; build plain "$tmp/logs/warmup-plain.log"
build chosen "$tmp/logs/warmup-chosen2.log" -o; build plain "$tmp/logs/warmup-plain2.log" -o
grep -q 'Using the cached layer of option wget' "$tmp/logs/warmup-chosen2.log" \
  || die_with_log "the unchanged project ran option wget again" "$tmp/logs/warmup-chosen2.log"

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
  ratios+=("$(ratio "$t_chosen" "$t_plain")")
  printf '%-5s | %10s %9s | %12s\n' "$i" "$t_chosen" "$t_plain" "${ratios[-1]}"
done
echo "median chosen/plain = $(median "${ratios[@]}") (chosen $(median "${cs[@]}") s, plain $(median "${ps[@]}") s)"
