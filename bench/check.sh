#!/usr/bin/env bash
# Speed benchmark for paas:check and its per-layer cache: what checking a realistic image costs
# compared with just decompressing its layers once. The image is the official base (Debian + JRE,
# ~/.cache/paas/base-image/base.oci.tar: 2 layers, 140 MB compressed, 350 MB unpacked). N rounds,
# each in a fresh, empty paas.baseCache, in this order:
#   startup     mvn ... paas:check -Dpaas.skip=true: Maven's own start-up and plugin resolution
#               (run twice, before cold and after allwarm; their mean is what is subtracted)
#   decompress  gzip -dc of the base's layer blobs, one after the other (decompression only: the
#               blobs are extracted from the archive once per run and are in the page cache)
#   cold        paas:check of the base, cache empty: every layer is read
#   warm        paas:check of base + one small app layer whose content differs per round (as after
#               a real build), right after cold: the base layers come from the cache, the app's not
#   allwarm     paas:check of the base again, right after warm: every layer comes from the cache
# and prints the medians of the per-round ratios (check - startup) / decompress for cold, warm
# and allwarm (for warm the denominator also includes the app layer), against the targets
# cold <= 2.0, warm <= 0.3 and allwarm <= 0.4. A diagnostic does the same with the goals' own
# times from Maven's timestamps
# ('--- paas-maven-plugin:check' to BUILD SUCCESS, minus the skipped goal's), which leave out the
# JVM and Maven start-up that a busy machine stretches most. The checks run in a generated project
# whose <baseImage> is the base archive, so every check PASSES (the script verifies it, that
# warm read only the app layer and allwarm none).
#
#   bench/check.sh [--runs N] [--no-install] [--maven-repo DIR] [--keep]
#
#   --no-install  use the paas-maven-plugin already in ~/.m2 (by default the work tree is installed)
#   --maven-repo  install into and run from the local repository DIR instead of ~/.m2
#
# Needs mvn, Java 17 (jar), skopeo, umoci, jq, gzip, GNU tar. Exits non-zero only when a check
# or the setup fails, never on the figures.
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_registries=0
bench_setup check.sh 5 '2,30p' "$@"
goal="dev.paas:paas-maven-plugin:0.1.0-SNAPSHOT:check"
base="$HOME/.cache/paas/base-image/base.oci.tar"
for tool in mvn jar skopeo umoci jq gzip tar; do
  command -v "$tool" >/dev/null || { echo "check.sh: '$tool' is missing" >&2; exit 1; }
done

# A tiny project that names the base archive as the official base: the realistic case.
mkdir -p "$tmp/proj"
cat >"$tmp/proj/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.paas.bench</groupId>
  <artifactId>check-bench</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.paas</groupId>
        <artifactId>paas-maven-plugin</artifactId>
        <version>0.1.0-SNAPSHOT</version>
        <configuration><paas><baseImage>oci-archive:$base</baseImage></paas></configuration>
      </plugin>
    </plugins>
  </build>
</project>
POM

# The layer digests of an OCI archive (manifest order), without "sha256:".
layer_digests() { # archive
  local manifest
  manifest=$(tar -xOf "$1" index.json | jq -r '.manifests[0].digest')
  tar -xOf "$1" "blobs/sha256/${manifest#sha256:}" | jq -r '.layers[].digest | sub("^sha256:"; "")'
}
extract_blob() { tar -xOf "$1" "blobs/sha256/$2" >"$3"; } # archive hex file
# Seconds to gunzip the given files one after the other (into $seconds).
timed_gunzip() {
  local t0 t1 f
  t0=$(date +%s%N)
  for f in "$@"; do gzip -dc "$f" >/dev/null; done
  t1=$(date +%s%N)
  seconds=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')
}

export MAVEN_OPTS="${MAVEN_OPTS:-} -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"
# Seconds from the '--- paas-maven-plugin:' line to BUILD SUCCESS in a timestamped log.
goal_seconds() { # log
  awk '
    function t(s) { split(s, a, /[:.]/); return a[1]*3600 + a[2]*60 + a[3] + a[4]/1000 }
    index($0, "--- paas-maven-plugin:") && !s { s = t($1) }
    /BUILD SUCCESS/ && s { e = t($1); if (e < s) e += 86400; printf "%.3f", e - s; exit }
  ' "$1"
}

# One whole `mvn paas:check -Dpaas.image=IMAGE` in the project, timed into $seconds. A check that
# ran must say PASSED (the images are clean); a skipped one must say so.
timed_check() { # name image cache log extra-args...  (also sets $goal_s)
  local name=$1 image=$2 cache=$3 log=$4 t0 t1
  shift 4
  t0=$(date +%s%N)
  (cd "$tmp/proj" && mvn -o "${mvn_args[@]}" "$goal" "-Dpaas.image=$image" "-Dpaas.baseCache=$cache" "$@") >"$log" 2>&1 \
    || die_with_log "$name: mvn paas:check failed" "$log"
  t1=$(date +%s%N)
  if [[ $name == startup ]]; then
    grep -q 'paas: skipped (paas.skip=true)' "$log" || die_with_log "$name: the goal was not skipped" "$log"
  else
    grep -q "paas:check image .*: PASSED —" "$log" || die_with_log "$name: the check did not pass" "$log"
  fi
  seconds=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')
  goal_s=$(goal_seconds "$log")
  [[ -n "$goal_s" ]] || die_with_log "$name: no timestamps around the goal in the log" "$log"
}

# The app images: the base in an OCI layout, plus per round one uncompressed tar layer (a jar and
# resources, with a stamp that makes the layer new) added with `umoci raw add-layer` (not
# `umoci insert`, whose tars umoci 0.4.7 writes without padding), copied into an oci-archive.
echo "== set-up: base layers, the OCI layout for the app images"
mkdir -p "$tmp/blobs"
base_layers=()
for digest in $(layer_digests "$base"); do
  extract_blob "$base" "$digest" "$tmp/blobs/$digest"
  base_layers+=("$tmp/blobs/$digest")
done
((${#base_layers[@]} > 0)) || { echo "check.sh: no layers found in $base" >&2; exit 1; }
skopeo copy -q "oci-archive:$base" "oci:$tmp/layout:base" >"$tmp/logs/skopeo-base.log" 2>&1 \
  || die_with_log "skopeo copy of the base failed" "$tmp/logs/skopeo-base.log"
make_app_image() { # round -> $tmp/app.oci.tar, its app layer blob in $app_layer
  local i=$1 root="$tmp/app-layer/$1"
  mkdir -p "$root/app/resources" "$root/app/libs"
  cp "$bench_dir/app/src/main/resources/bench-app.properties" "$root/app/resources/"
  printf 'round=%s\nbuilt=%s\nnonce=%s\n' "$i" "$(date +%s%N)" "$RANDOM$RANDOM" >"$root/app/resources/build.properties"
  (cd "$root/app/resources" && jar --create --file "$root/app/libs/bench-app.jar" .)
  tar --create --file "$tmp/app-layer/$i.tar" --directory "$root" --sort=name --owner=0 --group=0 --numeric-owner \
    --mode='go-w' app
  rm -f "$tmp/app.oci.tar"
  {
    umoci raw add-layer --image "$tmp/layout:base" --tag "app$i" --history.created_by "check.sh round $i" "$tmp/app-layer/$i.tar" &&
      skopeo copy -q "oci:$tmp/layout:app$i" "oci-archive:$tmp/app.oci.tar"
  } >"$tmp/logs/app-image-$i.log" 2>&1 || die_with_log "making the app image of round $i failed" "$tmp/logs/app-image-$i.log"
  local digests
  digests=$(layer_digests "$tmp/app.oci.tar")
  app_layer="$tmp/app-layer/$i.tar.gz"
  extract_blob "$tmp/app.oci.tar" "${digests##*$'\n'}" "$app_layer"
  rm -rf "$root"
}

echo "== warm-up (Maven and the plugin resolved, the archives in the page cache)"
make_app_image 0
timed_check startup "oci-archive:$base" "$tmp/cache-0" "$tmp/logs/warmup-startup.log" -Dpaas.skip=true
timed_check cold "oci-archive:$base" "$tmp/cache-0" "$tmp/logs/warmup-cold.log"
timed_check warm "oci-archive:$tmp/app.oci.tar" "$tmp/cache-0" "$tmp/logs/warmup-warm.log"
timed_gunzip "${base_layers[@]}"
rm -rf "$tmp/cache-0"

echo "== $runs rounds ($(nproc) cores); check times are whole 'mvn -o paas:check' commands"
echo "   decompress = gzip -dc of the layer blobs only; cold, warm = check - startup (mean of the round's two)"
echo "   goal c/gz, w/gz = the same ratios with the goals' times from Maven's timestamps (diagnostic)"
printf '%-5s | %8s %8s %8s %8s %8s | %8s %8s %8s | %9s %9s %9s | %s\n' \
  round "start(s)" "gunz(s)" "cold(s)" "warm(s)" "allw(s)" cold/gz warm/gz allw/gz "goal c/gz" "goal w/gz" "goal a/gz" load
ss=() ds=() cs=() ws=() as=() crs=() wrs=() ars=() gcrs=() gwrs=() gars=()
sub() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a - b}'; }
for ((i = 1; i <= runs; i++)); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  make_app_image "$i"
  cache="$tmp/cache-$i"
  rm -rf "$cache"
  timed_check startup "oci-archive:$base" "$cache" "$tmp/logs/run$i-startup1.log" -Dpaas.skip=true
  t_start1=$seconds g_start1=$goal_s
  timed_gunzip "${base_layers[@]}"; t_gz=$seconds
  timed_gunzip "$app_layer"; t_gz_app=$(awk -v a="$t_gz" -v b="$seconds" 'BEGIN{printf "%.3f", a + b}')
  timed_check cold "oci-archive:$base" "$cache" "$tmp/logs/run$i-cold.log"; t_cold=$seconds g_cold=$goal_s
  grep -q "Reading ${#base_layers[@]} of ${#base_layers[@]} layers" "$tmp/logs/run$i-cold.log" \
    || die_with_log "cold: the check did not read every layer" "$tmp/logs/run$i-cold.log"
  timed_check warm "oci-archive:$tmp/app.oci.tar" "$cache" "$tmp/logs/run$i-warm.log"; t_warm=$seconds g_warm=$goal_s
  grep -q "Reading 1 of $((${#base_layers[@]} + 1)) layers" "$tmp/logs/run$i-warm.log" \
    || die_with_log "warm: the check did not read just the app layer" "$tmp/logs/run$i-warm.log"
  timed_check allwarm "oci-archive:$base" "$cache" "$tmp/logs/run$i-allwarm.log"; t_all=$seconds g_all=$goal_s
  ! grep -q "Reading " "$tmp/logs/run$i-allwarm.log" \
    || die_with_log "allwarm: the check read a layer" "$tmp/logs/run$i-allwarm.log"
  timed_check startup "oci-archive:$base" "$cache" "$tmp/logs/run$i-startup2.log" -Dpaas.skip=true
  t_start=$(awk -v a="$t_start1" -v b="$seconds" 'BEGIN{printf "%.3f", (a + b) / 2}')
  g_start=$(awk -v a="$g_start1" -v b="$goal_s" 'BEGIN{printf "%.3f", (a + b) / 2}')
  net_cold=$(sub "$t_cold" "$t_start") net_warm=$(sub "$t_warm" "$t_start") net_all=$(sub "$t_all" "$t_start")
  ss+=("$t_start") ds+=("$t_gz") cs+=("$net_cold") ws+=("$net_warm") as+=("$net_all")
  crs+=("$(ratio "$net_cold" "$t_gz")") wrs+=("$(ratio "$net_warm" "$t_gz_app")") ars+=("$(ratio "$net_all" "$t_gz")")
  gcrs+=("$(ratio "$(sub "$g_cold" "$g_start")" "$t_gz")") gwrs+=("$(ratio "$(sub "$g_warm" "$g_start")" "$t_gz_app")")
  gars+=("$(ratio "$(sub "$g_all" "$g_start")" "$t_gz")")
  printf '%-5s | %8s %8s %8s %8s %8s | %8s %8s %8s | %9s %9s %9s | %s\n' \
    "$i" "$t_start" "$t_gz" "$net_cold" "$net_warm" "$net_all" "${crs[-1]}" "${wrs[-1]}" "${ars[-1]}" \
    "${gcrs[-1]}" "${gwrs[-1]}" "${gars[-1]}" "$load"
  rm -rf "$cache" "$tmp/app-layer/$i.tar" "$app_layer"
done

verdict() { awk -v r="$1" -v t="$2" 'BEGIN{print (r <= t ? "PASS" : "FAIL")}'; }
mc=$(median "${crs[@]}") mw=$(median "${wrs[@]}") ma=$(median "${ars[@]}")
echo "   medians: startup $(median "${ss[@]}") s, decompress $(median "${ds[@]}") s (${#base_layers[@]} base layers), cold $(median "${cs[@]}") s, warm $(median "${ws[@]}") s, allwarm $(median "${as[@]}") s (beyond startup)"
echo "   diagnostic, goals' own times: median cold/decompress = $(median "${gcrs[@]}"), warm/decompress = $(median "${gwrs[@]}"), allwarm/decompress = $(median "${gars[@]}")"
echo "median cold/decompress = $mc (target <= 2.0: $(verdict "$mc" 2.0); $runs rounds)"
echo "median warm/decompress = $mw (target <= 0.3: $(verdict "$mw" 0.3); $runs rounds)"
echo "median allwarm/decompress = $ma (target <= 0.4: $(verdict "$ma" 0.4); $runs rounds)"
