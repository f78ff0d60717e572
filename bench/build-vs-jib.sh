#!/usr/bin/env bash
# Speed benchmark: paas:build against jib-maven-plugin's jib:buildTar on the same sample app
# (bench/app), the same base image pulled from the same local registry, the same layers and warm
# caches. Runs N pairs, alternating which tool goes first, and prints the median of the per-pair
# ratios paas/jib (target: <= 1.10) and each tool's median time.
#
#   bench/build-vs-jib.sh [--runs N] [--no-install] [--online] [--nice N] [--keep] [--debug]
#
#   --runs N      timed pairs (default 7)
#   --no-install  use the paas-maven-plugin already in ~/.m2 instead of installing the work tree
#   --online      time the goals without Maven's -o (both tools then ask the registry for the
#                 base manifest on every build); by default the timed builds are offline (-o)
#   --nice N      run every build under 'nice -n N' (e.g. -10 as root) to shield the figures from
#                 other work on a busy machine; both tools get the same priority
#   --keep        keep the temporary directory (copied app, logs, registry data) and print it
#   --debug       after the timed pairs, run each goal once more with mvn -X and print where
#                 each tool spends its time (all logs are kept with --keep)
#
# Exits non-zero only when something fails to build or start; never on the ratio itself.
set -Eeuo pipefail

runs=7 install=1 online=0 keep=0 debug=0 nice_level=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --runs=*) runs=${1#--runs=}; shift ;;
    --no-install) install=0; shift ;;
    --online) online=1; shift ;;
    --nice) nice_level=${2:?--nice needs a level}; shift 2 ;;
    --nice=*) nice_level=${1#--nice=}; shift ;;
    --keep) keep=1; shift ;;
    --debug) debug=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-vs-jib.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "build-vs-jib.sh: --runs wants a positive number, not '$runs'" >&2; exit 2; }
runner=()
if [[ -n "$nice_level" ]]; then
  [[ "$nice_level" =~ ^-?[0-9]+$ ]] || { echo "build-vs-jib.sh: --nice wants a number, not '$nice_level'" >&2; exit 2; }
  runner=(nice -n "$nice_level")
fi

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
paas_version=0.1.0-SNAPSHOT
jib_version=3.4.4
paas_goal="dev.paas:paas-maven-plugin:${paas_version}:build"
jib_goal="com.google.cloud.tools:jib-maven-plugin:${jib_version}:buildTar"
base_archive=${HOME}/.cache/paas/base-image/base.oci.tar

for tool in mvn java curl skopeo docker-registry htpasswd awk; do
  command -v "$tool" >/dev/null || {
    echo "build-vs-jib.sh: '$tool' is missing (apt-get install maven openjdk-17-jdk-headless curl skopeo docker-registry apache2-utils)" >&2
    exit 1
  }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/paas-bench.XXXXXX")
cleanup() {
  local rc=$?
  "$repo/scripts/registries.sh" stop "$tmp/registries" >/dev/null 2>&1 || true
  if [[ $keep == 1 ]]; then
    echo "kept $tmp (app, logs/, registries/)" >&2
  elif [[ $rc != 0 && -d "$tmp/logs" ]]; then
    rm -rf "$tmp/registries" "$tmp/app"
    echo "build logs kept in $tmp/logs" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "build-vs-jib.sh: unexpected failure at line $LINENO: $BASH_COMMAND" >&2' ERR
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$tmp/logs"

die_with_log() { # message log
  echo "build-vs-jib.sh: $1 (log: $2)" >&2
  tail -n 40 "$2" >&2 || true
  exit 1
}

# --- setup: base image, plugin, registries, a private copy of the app ------------------------
if [[ ! -f "$base_archive" ]]; then
  echo "== building the base image (once per machine)"
  "$repo/scripts/base-image.sh" >"$tmp/logs/base-image.log" 2>&1 \
    || die_with_log "scripts/base-image.sh failed" "$tmp/logs/base-image.log"
fi

if [[ $install == 1 ]]; then
  echo "== installing paas-maven-plugin ${paas_version} from $repo"
  (cd "$repo" && mvn -B -q install -DskipTests -Dinvoker.skip=true) >"$tmp/logs/install.log" 2>&1 \
    || die_with_log "installing the plugin failed" "$tmp/logs/install.log"
fi

echo "== starting local registries"
"$repo/scripts/registries.sh" start "$tmp/registries" >"$tmp/logs/registries.log" 2>&1 \
  || die_with_log "scripts/registries.sh start failed" "$tmp/logs/registries.log"
# shellcheck disable=SC1091
source "$tmp/registries/env"
registry=${PAAS_IT_REGISTRY:?registries.sh wrote no PAAS_IT_REGISTRY}

app="$tmp/app"
cp -r "$bench_dir/app" "$app"
rm -rf "$app/target"

# Both commands get exactly the same Maven arguments; only the goal differs. The Jib update
# check is off (it would call out to the internet; paas ignores the property). Maven logs at INFO
# level into a file per build, with timestamps, so that the goal's own time can be read back.
common=(-B -Dstyle.color=never "-Dbench.registry=$registry" -Djib.disableUpdateChecks=true)
timed=("${common[@]}")
[[ $online == 1 ]] || timed=(-o "${timed[@]}")
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"

goal_of() { [[ $1 == paas ]] && echo "$paas_goal" || echo "$jib_goal"; }
outputs_of() {
  if [[ $1 == paas ]]; then echo "$app/target/paas/default.oci.tar $app/target/paas/images.json"
  else echo "$app/target/jib-image.tar"; fi
}

# Seconds from the goal's "--- plugin:goal" line to "BUILD SUCCESS" in a timestamped log: the
# goal alone (plugin realm, its dependency resolution, the build), without the Maven overhead.
goal_seconds() { # tool log
  local plugin; [[ $1 == paas ]] && plugin=paas-maven-plugin || plugin=jib-maven-plugin
  awk -v p="--- $plugin:" '
    function t(s) { split(s, a, /[:.]/); return a[1]*3600 + a[2]*60 + a[3] + a[4]/1000 }
    index($0, p) && !s { s = t($1) }
    /BUILD SUCCESS/ && s { e = t($1); if (e < s) e += 86400; printf "%.3f", e - s; exit }
  ' "$2"
}

# CPU seconds (user + sys) used by this shell's finished children, from the 'times' builtin.
# 'times' must run in this shell (a subshell starts from zero), hence the file.
children_cpu() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f", u[1]*60 + u[2] + s[1]*60 + s[2] }' "$1"; }

elapsed_ns=0 goal_s=0 cpu_s=0
run_build() { # tool log mvn-args...
  local tool=$1 log=$2 goal out t0 t1 c0 c1
  shift 2
  goal=$(goal_of "$tool")
  for out in $(outputs_of "$tool"); do rm -f "$out"; done
  times >"$tmp/times0"
  t0=$(date +%s%N)
  (cd "$app" && "${runner[@]}" mvn "$@" compile "$goal") >"$log" 2>&1 \
    || die_with_log "$tool build failed: mvn $* compile $goal" "$log"
  t1=$(date +%s%N)
  times >"$tmp/times1"
  c0=$(children_cpu "$tmp/times0") c1=$(children_cpu "$tmp/times1")
  for out in $(outputs_of "$tool"); do
    [[ -s "$out" ]] || die_with_log "$tool build wrote no $out" "$log"
  done
  elapsed_ns=$((t1 - t0))
  cpu_s=$(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.3f", b - a}')
  goal_s=$(goal_seconds "$tool" "$log")
  [[ -n "$goal_s" ]] || goal_s=nan
}

# --- warm-up: resolve plugins and dependencies, pull the base into Jib's cache -----------------
echo "== warm-up (registry $registry; online once, then once as timed)"
for tool in paas jib; do
  run_build "$tool" "$tmp/logs/warmup-online-$tool.log" "${common[@]}"
done
for tool in jib paas; do
  run_build "$tool" "$tmp/logs/warmup-timed-$tool.log" "${timed[@]}"
done

# Same content? The layers above the base should be the same (Jib adds one small layer with its
# classpath and main-class files). Informational only: needs jq.
if command -v jq >/dev/null; then
  layers_of() { skopeo inspect --raw "oci-archive:$1" | jq -r '.layers[] | "\(.digest) \(.size)"'; }
  layers_of "$app/target/paas/default.oci.tar" >"$tmp/layers-paas" || true
  layers_of "$app/target/jib-image.tar" >"$tmp/layers-jib" || true
  shared=$(awk 'NR==FNR{a[$1]=1; next} ($1 in a){n++} END{print n+0}' "$tmp/layers-paas" "$tmp/layers-jib")
  for tool in paas jib; do
    awk -v t="$tool" -v sh="$shared" '{n++; s+=$2} END{printf "   %-4s image: %d layers, %.1f MB (%d layers identical in both)\n", t, n, s/1e6, sh}' "$tmp/layers-$tool"
  done
fi

# --- timed pairs ------------------------------------------------------------------------------
secs() { awk -v n="$1" 'BEGIN{printf "%.3f", n/1e9}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "nan" || b == "nan" || b == 0) print "nan"; else printf "%.4f", a/b }'; }
median() { printf '%s\n' "$@" | awk '$1 != "nan"' | sort -g | awk '{v[NR]=$1} END{ if (!NR) {print "nan"; exit} m=int((NR+1)/2); print (NR%2 ? v[m] : (v[m]+v[m+1])/2)}'; }

mode=offline; [[ $online == 1 ]] && mode="online (no -o)"
echo "== $runs pairs, $mode, alternating order ($(nproc) cores${nice_level:+, nice $nice_level})"
echo "   time = whole mvn command; goal = '--- plugin:goal' to BUILD SUCCESS; cpu = user+sys of mvn"
printf '%-4s %-5s | %8s %8s %8s | %8s | %8s | %s\n' \
  pair first "paas(s)" "jib(s)" paas/jib "goal p/j" "cpu p/j" "load"
paas_times=() jib_times=() ratios=() goal_ratios=() cpu_ratios=()
for ((i = 1; i <= runs; i++)); do
  if ((i % 2)); then order=(paas jib); else order=(jib paas); fi
  load=$(cut -d' ' -f1 /proc/loadavg)
  for tool in "${order[@]}"; do
    run_build "$tool" "$tmp/logs/run$i-$tool.log" "${timed[@]}"
    if [[ $tool == paas ]]; then p_ns=$elapsed_ns p_goal=$goal_s p_cpu=$cpu_s
    else j_ns=$elapsed_ns j_goal=$goal_s j_cpu=$cpu_s; fi
  done
  p=$(secs "$p_ns") j=$(secs "$j_ns") r=$(ratio "$p_ns" "$j_ns")
  gr=$(ratio "$p_goal" "$j_goal") cr=$(ratio "$p_cpu" "$j_cpu")
  paas_times+=("$p") jib_times+=("$j") ratios+=("$r") goal_ratios+=("$gr") cpu_ratios+=("$cr")
  printf '%-4s %-5s | %8.2f %8.2f %8.2f | %8.2f | %8.2f | %s\n' \
    "$i" "${order[0]}" "$p" "$j" "$r" "$gr" "$cr" "$load"
done

mr=$(median "${ratios[@]}") mp=$(median "${paas_times[@]}") mj=$(median "${jib_times[@]}")
mg=$(median "${goal_ratios[@]}") mc=$(median "${cpu_ratios[@]}")

if [[ $debug == 1 ]]; then
  # Where each goal spends its time: one more build of each with mvn -X, milestones relative to
  # the goal's start (paas's own log lines; Jib's TIMED lines). Not part of the figures above.
  for tool in paas jib; do
    log="$tmp/logs/debug-$tool.log"
    run_build "$tool" "$log" -X "${timed[@]}"
    [[ $tool == paas ]] && plugin=paas-maven-plugin || plugin=jib-maven-plugin
    echo "== $tool goal with -X: $goal_s s (milestones, seconds from the goal's start)"
    awk -v p="--- $plugin:" '
      function t(s) { split(s, a, /[:.]/); return a[1]*3600 + a[2]*60 + a[3] + a[4]/1000 }
      !/^[0-9][0-9]:[0-9][0-9]:/ { next }
      index($0, p) { s = t($1) }
      !s || /TIMING/ { next }
      /\[DEBUG\]/ && !/TIMED|Getting manifest|Building .*layer|image to tar|Dependency collection|Created new class realm plugin|-- end configuration --/ { next }
      /\[INFO\] *$/ || /----------|Total time|Finished at/ { next }
      { line = $0; sub(/^[^ ]+ /, "", line); printf "   %6.2f  %s\n", t($1) - s, substr(line, 1, 150) }
      /BUILD SUCCESS/ { exit }
    ' "$log"
  done
fi

verdict=$(awk -v r="$mr" 'BEGIN{print (r <= 1.10 ? "met" : "NOT met")}')
awk -v g="$mg" -v c="$mc" 'BEGIN{printf "   diagnostics: median goal-only paas/jib = %.2f, median cpu paas/jib = %.2f\n", g, c}'
echo "   target paas/jib <= 1.10: $verdict"
awk -v r="$mr" -v p="$mp" -v j="$mj" -v n="$runs" \
  'BEGIN{printf "median paas/jib = %.2f (paas %.2f s, jib %.2f s, %d pairs)\n", r, p, j, n}'
