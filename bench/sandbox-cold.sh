#!/usr/bin/env bash
# Speed benchmark for the sandbox itself: one cold sandboxed step (unpack the Debian + JRE base, run
# the script, write its layer), timed inside the JVM, with this work tree's core and with REV's core
# side by side, in alternating order. Two scripts: `true` (what the sandbox alone costs) and the
# image-env benchmark's apt-get install wget (a realistic step, on the network).
#
#   bench/sandbox-cold.sh [REV] [RUNS]      REV defaults to 098f8dc (the chroot sandbox), RUNS to 5
#   SCRIPTS="true" bench/sandbox-cold.sh    only the sandbox's own cost (default: "true apt")
#
# Prints each figure and the medians of new - old per script. Needs root (both sandboxes do),
# the base image (scripts/base-image.sh) and, for apt-get, the Debian mirror.
set -Eeuo pipefail
rev=${1:-098f8dc}
runs=${2:-5}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base=${PAAS_BASE_DIR:-$HOME/.cache/paas/base-image}/base.oci.tar
[[ -f $base ]] || { echo "no base image at $base: run scripts/base-image.sh" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paas-bench-sandbox.XXXXXX")
trap 'git -C "$repo" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

git -C "$repo" worktree add -q --detach "$tmp/old" "$rev"
(cd "$tmp/old" && mvn -B -q -o -pl core package -DskipTests) >"$tmp/old-build.log" 2>&1
(cd "$repo" && mvn -B -q -o -pl core package -DskipTests) >"$tmp/new-build.log" 2>&1
for v in old new; do
  dir=$([[ $v == old ]] && echo "$tmp/old" || echo "$repo")
  (cd "$dir" && mvn -B -q -o -pl core dependency:build-classpath -Dmdep.outputFile="$tmp/$v.cp") >/dev/null
  mkdir -p "$tmp/$v-main"
  javac -d "$tmp/$v-main" -cp "$dir/core/target/classes:$(cat "$tmp/$v.cp")" "$repo/bench/ColdRun.java"
done
printf 'true\n' >"$tmp/true.sh"
printf 'set -e\napt-get update -qq\napt-get install -y -qq --no-install-recommends wget >/dev/null\napt-get clean\nrm -rf /var/lib/apt/lists/*\n' >"$tmp/apt.sh"

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
one() { # version script
  local dir cache
  dir=$([[ $1 == old ]] && echo "$tmp/old" || echo "$repo")
  cache=$(mktemp -d "$tmp/cache.XXXXXX")
  java -cp "$tmp/$1-main:$dir/core/target/classes:$(cat "$tmp/$1.cp")" ColdRun "$base" "$tmp/$2.sh" "$cache"
  rm -rf "$cache"
}
for script in ${SCRIPTS:-true apt}; do
  diffs=()
  for ((i = 1; i <= runs; i++)); do
    if ((i % 2)); then o=$(one old $script); n=$(one new $script); else n=$(one new $script); o=$(one old $script); fi
    d=$(awk -v n="$n" -v o="$o" 'BEGIN {printf "%.3f", n - o}')
    diffs+=("$d")
    echo "$script round $i: old $o s, new $n s, new - old $d s"
  done
  echo "$script: median new - old = $(median "${diffs[@]}") s over $runs rounds"
done
