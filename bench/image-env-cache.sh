#!/usr/bin/env bash
# Speed benchmark for the daemonless RUN: what .paas/image-env.sh costs on the first build, and
# what its cached layer costs on every later one. Builds the sample app (bench/app) three ways,
# in N rounds, in rotating order, on the same base (Debian + JRE) from the same local registry:
#   cold   with .paas/image-env.sh (apt-get install wget), -Dpaas.run.refresh=true: the script runs
#   warm   the same project, unchanged: the layer comes from the cache
#   plain  the same app without .paas/image-env.sh: the peer a cached layer is measured against
# and prints the medians of the per-round ratios cold/warm (how much the cache saves) and
# warm/plain (what a cached layer still costs).
#
#   bench/image-env-cache.sh [--runs N] [--no-install] [--keep]
#
# Needs network access to the Debian mirror the base image uses (apt-get update in the script).
# Exits non-zero only when a build or the setup fails, never on the figures.
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup image-env-cache.sh 5 '2,17p' "$@"

# Two copies of the app: one personalised by .paas/image-env.sh, one plain.
cp -r "$bench_dir/app" "$tmp/env-app" && cp -r "$bench_dir/app" "$tmp/plain-app"
rm -rf "$tmp/env-app/target" "$tmp/plain-app/target"
mkdir -p "$tmp/env-app/.paas"
cat >"$tmp/env-app/.paas/image-env.sh" <<'SCRIPT'
set -e
apt-get update -qq
apt-get install -y -qq --no-install-recommends wget >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/*
SCRIPT

cold() { timed_build cold "$tmp/env-app" "$1" -Dpaas.run.refresh=true; }
warm() { timed_build warm "$tmp/env-app" "$1"; }
plain() { timed_build plain "$tmp/plain-app" "$1"; }

echo "== warm-up (plugins, dependencies, the base in the caches)"
cold "$tmp/logs/warmup-cold.log"; plain "$tmp/logs/warmup-plain.log"; warm "$tmp/logs/warmup-warm.log"
grep -q 'Using the cached layer of .paas/image-env.sh' "$tmp/logs/warmup-warm.log" \
  || die_with_log "the unchanged project ran image-env.sh again" "$tmp/logs/warmup-warm.log"

echo "== $runs rounds, rotating order ($(nproc) cores); times are whole 'mvn compile paas:build' commands"
printf '%-5s | %8s %8s %8s | %10s %10s\n' round "cold(s)" "warm(s)" "plain(s)" cold/warm warm/plain
cw=() wp=() cs=() ws=() ps=()
orders=("cold warm plain" "warm plain cold" "plain cold warm")
for ((i = 1; i <= runs; i++)); do
  for kind in ${orders[$(((i - 1) % 3))]}; do
    "$kind" "$tmp/logs/run$i-$kind.log"
    printf -v "t_$kind" '%s' "$seconds"
  done
  # shellcheck disable=SC2154
  cs+=("$t_cold") ws+=("$t_warm") ps+=("$t_plain")
  cw+=("$(ratio "$t_cold" "$t_warm")") wp+=("$(ratio "$t_warm" "$t_plain")")
  printf '%-5s | %8s %8s %8s | %10s %10s\n' "$i" "$t_cold" "$t_warm" "$t_plain" "${cw[-1]}" "${wp[-1]}"
done
echo "median cold/warm = $(median "${cw[@]}") (the cache saves this factor; cold $(median "${cs[@]}") s, warm $(median "${ws[@]}") s)"
echo "median warm/plain = $(median "${wp[@]}") (what a cached image-env layer costs; plain $(median "${ps[@]}") s)"
