#!/usr/bin/env bash
# Speed benchmark for the fleet cache (-Dpaas.cache): what a fresh machine (empty local caches: a
# new -Dpaas.baseCache, so no base, no run layers, no checked layers) costs when another machine
# already filled the fleet cache in the local registry. Two parts, each in N rounds that
# alternate which side goes first:
#   build  the image-env example (bench/app with a .paas/image-env.sh doing apt-get install wget),
#          `mvn compile paas:build`:  fleet = fresh machine, warm fleet cache
#                                     local = the locally warm build (same cache directory each time)
#                                     based = (diagnostic) a machine with the base's blobs but no
#                                             run layers: what the fleet cache itself costs
#   check  `mvn paas:check` of the official base (~/.cache/paas/base-image/base.oci.tar):
#                                     fleet = fresh machine, warm fleet cache
#                                     cold  = fresh machine, no fleet cache: every layer is read
# Each round also times the goal skipped (-Dpaas.skip=true, before and after; the mean is Maven's
# start-up, and for the build the up-to-date compile) and prints the medians of the per-round
# ratios, both beyond that start-up, against the issue's targets:
#   build fleet/local <= 1.2        check fleet/cold <= 0.5
# (the whole-command build ratio is printed too, and as a diagnostic both ratios with the goals'
# own times from Maven's timestamps, which leave out the JVM and Maven start-up). Every timed
# command runs online, as the fleet cache needs; the script checks that a fleet build ran no step
# and a fleet check read no layer.
#
#   bench/fleet-cache.sh [--runs N] [--no-install] [--keep] [--maven-repo DIR]
#
# Needs network access to the Debian mirror once (the seeding build runs apt-get), mvn, Java 17,
# skopeo, docker-registry, htpasswd, curl. Exits non-zero only when a build, a check or the
# set-up fails, never on the figures.
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup fleet-cache.sh 5 '2,28p' "$@"
base="$HOME/.cache/paas/base-image/base.oci.tar"
fleet="$PAAS_IT_REGISTRY/paas/fleet-bench"
plugin="dev.paas:paas-maven-plugin:0.1.0-SNAPSHOT"

cp -r "$bench_dir/app" "$tmp/env-app" && rm -rf "$tmp/env-app/target"
mkdir -p "$tmp/env-app/.paas"
cat >"$tmp/env-app/.paas/image-env.sh" <<'SCRIPT'
set -e
apt-get update -qq
apt-get install -y -qq --no-install-recommends wget >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/*
SCRIPT

# A project naming the base archive as the official base, as in check.sh: the base PASSes.
mkdir -p "$tmp/check-proj"
cat >"$tmp/check-proj/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.paas.bench</groupId>
  <artifactId>fleet-check-bench</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.paas</groupId>
        <artifactId>paas-maven-plugin</artifactId>
        <version>0.1.0-SNAPSHOT</version>
        <configuration><paas><baseImage>oci-archive:$base</baseImage>
          <allowInsecureRegistries>true</allowInsecureRegistries></paas></configuration>
      </plugin>
    </plugins>
  </build>
</project>
POM

export MAVEN_OPTS="${MAVEN_OPTS:-} -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"
# Seconds from the '--- paas-maven-plugin:' line to BUILD SUCCESS in a timestamped log (as check.sh).
goal_seconds() { # log
  awk '
    function t(s) { split(s, a, /[:.]/); return a[1]*3600 + a[2]*60 + a[3] + a[4]/1000 }
    index($0, "--- paas-maven-plugin:") && !s { s = t($1) }
    /BUILD SUCCESS/ && s { e = t($1); if (e < s) e += 86400; printf "%.3f", e - s; exit }
  ' "$1"
}

# One whole mvn command in DIR, timed into $seconds (and the goal alone into $goal_s); the log
# must contain WANT.
timed_mvn() { # name dir log want mvn-args...
  local name=$1 dir=$2 log=$3 want=$4 t0 t1
  shift 4
  t0=$(date +%s%N)
  (cd "$dir" && mvn "${mvn_args[@]}" "$@") >"$log" 2>&1 || die_with_log "$name failed" "$log"
  t1=$(date +%s%N)
  grep -q -- "$want" "$log" || die_with_log "$name: the log does not say '$want'" "$log"
  seconds=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')
  goal_s=$(goal_seconds "$log")
  [[ -n "$goal_s" ]] || die_with_log "$name: no timestamps around the goal in the log" "$log"
}
build() { # name cache log [args...]
  local name=$1 cache=$2 log=$3
  shift 3
  timed_mvn "$name" "$tmp/env-app" "$log" "BUILD SUCCESS" "-Dpaas.cache=$fleet" "-Dpaas.baseCache=$cache" "$@" \
    compile "$plugin:build"
}
check() { # name cache log want [args...]
  local name=$1 cache=$2 log=$3 want=$4
  shift 4
  timed_mvn "$name" "$tmp/check-proj" "$log" "$want" "-Dpaas.image=oci-archive:$base" "-Dpaas.baseCache=$cache" \
    "$@" "$plugin:check"
}
fleet_build() { # log: a fresh machine; it must run no step
  rm -rf "$tmp/fresh"
  build fleet "$tmp/fresh" "$1"
  grep -q 'Using the layer of .paas/image-env.sh .* from the fleet cache' "$1" \
    || die_with_log "the fresh machine did not take the layer from the fleet cache" "$1"
  ! grep -q '\[.paas/image-env.sh\]' "$1" || die_with_log "the fresh machine ran image-env.sh" "$1"
  rm -rf "$tmp/fresh"
}
# A machine that has built on this base before but never ran the step: the base's blobs are in
# its cache (copied from the local machine's), its run layers and derived bases are not.
based_build() { # log
  rm -rf "$tmp/fresh" && mkdir -p "$tmp/fresh/paas"
  cp -a "$tmp/local/paas/blobs" "$tmp/local/paas/pinned" "$tmp/fresh/paas/"
  build based "$tmp/fresh" "$1"
  grep -q 'Using the layer of .paas/image-env.sh .* from the fleet cache' "$1" \
    || die_with_log "the machine with the base did not take the layer from the fleet cache" "$1"
  rm -rf "$tmp/fresh"
}
local_build() { build local "$tmp/local" "$1"; grep -q 'Using the cached layer of .paas/image-env.sh' "$1" \
  || die_with_log "the locally warm build did not use its cached layer" "$1"; }
skipped_build() { build startup "$tmp/local" "$1" -Dpaas.skip=true; }
cold_check() { rm -rf "$tmp/fresh"; check cold "$tmp/fresh" "$1" "PASSED —"; grep -q 'Reading 2 of 2 layers' "$1" \
  || die_with_log "cold: the check did not read every layer" "$1"; rm -rf "$tmp/fresh"; }
fleet_check() {
  rm -rf "$tmp/fresh"
  check fleet "$tmp/fresh" "$1" "PASSED —" "-Dpaas.cache=$fleet"
  ! grep -q 'Reading [0-9]* of' "$1" || die_with_log "fleet: the check read layers" "$1"
  rm -rf "$tmp/fresh"
}
skipped_check() { check startup "$tmp/fresh" "$1" "paas: skipped (paas.skip=true)" -Dpaas.skip=true; }

echo "== warm-up: a first machine fills the fleet cache $fleet (runs image-env.sh, reads the base)"
build seed "$tmp/local" "$tmp/logs/seed-build.log"
grep -q 'Published run-layer' "$tmp/logs/seed-build.log" \
  || die_with_log "the first build published no run layer" "$tmp/logs/seed-build.log"
rm -rf "$tmp/seed-check"
check seed "$tmp/seed-check" "$tmp/logs/seed-check.log" "PASSED —" "-Dpaas.cache=$fleet"
grep -q 'Published layer-facts' "$tmp/logs/seed-check.log" \
  || die_with_log "the first check published no layer facts" "$tmp/logs/seed-check.log"
rm -rf "$tmp/seed-check"
local_build "$tmp/logs/warmup-local.log"; fleet_build "$tmp/logs/warmup-fleet.log"
skipped_build "$tmp/logs/warmup-skip.log"
cold_check "$tmp/logs/warmup-cold.log"; fleet_check "$tmp/logs/warmup-fleet-check.log"

sub() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a - b}'; }
mean() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (a + b) / 2}'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN{print (r <= t ? "PASS" : "FAIL")}'; }

echo "== $runs rounds ($(nproc) cores), alternating order; times are whole mvn commands, net = minus start-up"
printf '%-5s | %7s %7s %7s %8s %8s %8s | %7s %7s %7s %8s %8s | %s\n' round "start" "local" "fleet" "f/l net" \
  "f/l all" "goal f/l" "start" "cold" "fleet" "f/c net" "goal f/c" load
bn=() ba=() bb=() cn=() gbn=() gcn=() bl=() bf=() bs=() cs=() cc=() cf=()
for ((i = 1; i <= runs; i++)); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  skipped_build "$tmp/logs/run$i-skip1.log"; s1=$seconds g1=$goal_s
  if ((i % 2)); then
    local_build "$tmp/logs/run$i-local.log"; t_local=$seconds g_local=$goal_s
    fleet_build "$tmp/logs/run$i-fleet.log"; t_fleet=$seconds g_fleet=$goal_s
    based_build "$tmp/logs/run$i-based.log"; t_based=$seconds
  else
    based_build "$tmp/logs/run$i-based.log"; t_based=$seconds
    fleet_build "$tmp/logs/run$i-fleet.log"; t_fleet=$seconds g_fleet=$goal_s
    local_build "$tmp/logs/run$i-local.log"; t_local=$seconds g_local=$goal_s
  fi
  skipped_build "$tmp/logs/run$i-skip2.log"; b_start=$(mean "$s1" "$seconds") gb_start=$(mean "$g1" "$goal_s")
  skipped_check "$tmp/logs/run$i-cskip1.log"; s1=$seconds g1=$goal_s
  if ((i % 2)); then
    cold_check "$tmp/logs/run$i-cold.log"; t_cold=$seconds g_cold=$goal_s
    fleet_check "$tmp/logs/run$i-fleet-check.log"; t_fcheck=$seconds g_fcheck=$goal_s
  else
    fleet_check "$tmp/logs/run$i-fleet-check.log"; t_fcheck=$seconds g_fcheck=$goal_s
    cold_check "$tmp/logs/run$i-cold.log"; t_cold=$seconds g_cold=$goal_s
  fi
  skipped_check "$tmp/logs/run$i-cskip2.log"; c_start=$(mean "$s1" "$seconds") gc_start=$(mean "$g1" "$goal_s")
  gbn+=("$(ratio "$(sub "$g_fleet" "$gb_start")" "$(sub "$g_local" "$gb_start")")")
  gcn+=("$(ratio "$(sub "$g_fcheck" "$gc_start")" "$(sub "$g_cold" "$gc_start")")")
  bn+=("$(ratio "$(sub "$t_fleet" "$b_start")" "$(sub "$t_local" "$b_start")")")
  ba+=("$(ratio "$t_fleet" "$t_local")")
  bb+=("$(ratio "$(sub "$t_based" "$b_start")" "$(sub "$t_local" "$b_start")")")
  cn+=("$(ratio "$(sub "$t_fcheck" "$c_start")" "$(sub "$t_cold" "$c_start")")")
  bs+=("$b_start") bl+=("$t_local") bf+=("$t_fleet") cs+=("$c_start") cc+=("$t_cold") cf+=("$t_fcheck")
  printf '%-5s | %7s %7s %7s %8s %8s %8s | %7s %7s %7s %8s %8s | %s\n' "$i" "$b_start" "$t_local" "$t_fleet" \
    "${bn[-1]}" "${ba[-1]}" "${gbn[-1]}" "$c_start" "$t_cold" "$t_fcheck" "${cn[-1]}" "${gcn[-1]}" "$load"
done

mb=$(median "${bn[@]}") mc=$(median "${cn[@]}")
echo "   medians (s): build start-up $(median "${bs[@]}"), local $(median "${bl[@]}"), fleet $(median "${bf[@]}");" \
  "check start-up $(median "${cs[@]}"), cold $(median "${cc[@]}"), fleet $(median "${cf[@]}")"
echo "   whole commands: median build fleet/local = $(median "${ba[@]}")"
echo "   a machine with the base already (only the run cache empty): median build based/local = $(median "${bb[@]}") beyond start-up"
echo "   diagnostic, goals' own times (minus the skipped goal's): median build fleet/local = $(median "${gbn[@]}")," \
  "check fleet/cold = $(median "${gcn[@]}")"
echo "median build fleet/local = $mb beyond start-up (target <= 1.2: $(verdict "$mb" 1.2); $runs rounds)"
echo "median check fleet/cold = $mc beyond start-up (target <= 0.5: $(verdict "$mc" 0.5); $runs rounds)"
