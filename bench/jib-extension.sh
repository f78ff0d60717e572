#!/usr/bin/env bash
# Speed benchmark for the jib-maven-plugin extension (paas-jib-extension): what it costs on every
# (warm) build of a team that stays on Jib. Builds the sample app (bench/app) with jib:buildTar of
# jib-maven-plugin 3.4.6 two ways, in N pairs, alternating which goes first, on the same base
# (Debian + JRE) from the same local registry:
#   extension  Jib with dev.paas.jib.PaasJibExtension: environment test, option wget (apt-get, a
#              cached run layer), the jacoco service in test, a small .paas/image-env.sh (a
#              cached run layer), the base checked against the official base (the same image)
#   plain      the same app, plain jib:buildTar without the extension and without .paas: the peer
# and prints the median of the per-pair ratios extension/plain (target: <= 1.25).
#
#   bench/jib-extension.sh [--runs N] [--no-install] [--keep]
#
# Needs the Debian mirror once (wget's apt-get, in the warm-up, unless its layer is already in the
# machine-wide cache), and skopeo + jq for the layer check. Exits non-zero only when a build or the
# setup fails, never on the figures.
set -Eeuo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup jib-extension.sh 7 '2,16p' "$@"

jib_version=3.4.6
goal="com.google.cloud.tools:jib-maven-plugin:${jib_version}:buildTar"
bench_output=target/jib-image.tar
# Jib's update check would call out to the internet; the timestamps let the extension's own time
# be read back from each log (the 'ext(s)' column).
mvn_args+=(-Djib.disableUpdateChecks=true)
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"

# Two copies of the app, both on jib-maven-plugin 3.4.6 (the app's pom has 3.4.4 for
# build-vs-jib.sh); the extension copy gets the extension as a plugin dependency, its
# <pluginExtensions> and a .paas/image-env.sh.
extension_config='<pluginExtensions><pluginExtension><implementation>dev.paas.jib.PaasJibExtension</implementation><configuration implementation="dev.paas.jib.PaasExtensionConfig"><officialBaseImage>${bench.registry}/base/java17:1</officialBaseImage><environment>test</environment><options><option>wget</option></options><services><service><name>jacoco</name><environments><environment>test</environment></environments></service></services></configuration></pluginExtension></pluginExtensions>'
extension_dependency='<dependencies><dependency><groupId>dev.paas</groupId><artifactId>paas-jib-extension</artifactId><version>0.1.0-SNAPSHOT</version></dependency></dependencies>'
for kind in extension plain; do
  cp -r "$bench_dir/app" "$tmp/$kind-app" && rm -rf "$tmp/$kind-app/target" "$tmp/$kind-app/.paas"
  sed -i "s|<jib.version>[^<]*</jib.version>|<jib.version>$jib_version</jib.version>|" "$tmp/$kind-app/pom.xml"
  [[ $kind == extension ]] || continue
  # The dependency after Jib's <version>; the extensions after its </container> (the line after
  # <format>OCI</format>, which only Jib's block has).
  sed -i -e "s|<version>\${jib.version}</version>|&$extension_dependency|" \
    -e "/<format>OCI<\/format>/{n;s|</container>|&$extension_config|}" "$tmp/$kind-app/pom.xml"
done
grep -q "<jib.version>$jib_version<" "$tmp/plain-app/pom.xml" \
  && grep -q '<artifactId>paas-jib-extension</artifactId>' "$tmp/extension-app/pom.xml" \
  && grep -q '<implementation>dev.paas.jib.PaasJibExtension</implementation>' "$tmp/extension-app/pom.xml" \
  || { echo "jib-extension.sh: could not edit the app's pom" >&2; exit 1; }
mkdir -p "$tmp/extension-app/.paas"
cat >"$tmp/extension-app/.paas/image-env.sh" <<'SCRIPT'
#!/bin/sh
set -eu
echo "bench-app on the platform" > /etc/bench-app.txt
SCRIPT

# CPU seconds (user + sys) of this shell's finished children, from the 'times' builtin (as in
# build-vs-jib.sh). 'times' must run in this shell (a subshell starts from zero), hence the files.
# build sets $cpu to its mvn command's.
children_cpu() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f", u[1]*60 + u[2] + s[1]*60 + s[2] }' "$1"; }
build() { # kind log extra-args...
  times >"$tmp/times0"
  timed_build "$1" "$tmp/$1-app" "$2" "${@:3}"
  times >"$tmp/times1"
  cpu=$(awk -v a="$(children_cpu "$tmp/times0")" -v b="$(children_cpu "$tmp/times1")" 'BEGIN{printf "%.3f", b - a}')
}

# A timestamped log split into the goal's phases, in seconds: "before after goal ext" where
#   before  from the '--- jib-maven-plugin:' line to the extension's start (Jib's 'Running
#           extension' line) or, without it, to 'Containerizing application': the plugin's realm
#           (resolving and loading its dependencies, the extension's with them), the mojo's set-up
#   ext     from 'Running extension' to the extension's 'paas: ENV image on' line (profile, base
#           check, run layers, services); 0 without the extension
#   after   from there to BUILD SUCCESS: Jib builds the layers and writes the tar
phases() { # log
  awk '
    function t(s) { split(s, a, /[:.]/); return a[1]*3600 + a[2]*60 + a[3] + a[4]/1000 }
    function d(a, b) { return b < a ? b + 86400 - a : b - a }
    /--- jib-maven-plugin:/ && !g { g = t($1) }
    g && !r && (/Running extension: dev.paas.jib.PaasJibExtension/ || /Containerizing application/) { r = t($1); x = r }
    r && /paas: [^ ]+ image on / { x = t($1) }
    /BUILD SUCCESS/ && g { e = t($1); printf "%.3f %.3f %.3f %.3f\n", d(g, r), d(x, e), d(g, e), d(r, x); exit }
  ' "$1"
}
diff3() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%+.3f", a - b}'; }

echo "== warm-up (plugins, dependencies, the JaCoCo agent, the base, wget's and image-env.sh's layers in the caches)"
build extension "$tmp/logs/warmup-extension.log"; build plain "$tmp/logs/warmup-plain.log"
build extension "$tmp/logs/warmup-extension2.log" -o; build plain "$tmp/logs/warmup-plain2.log" -o
grep -q 'Using the cached layer of option wget' "$tmp/logs/warmup-extension2.log" \
  || die_with_log "the unchanged project ran option wget again" "$tmp/logs/warmup-extension2.log"
grep -q 'Using the cached layer of .paas/image-env.sh' "$tmp/logs/warmup-extension2.log" \
  || die_with_log "the unchanged project ran .paas/image-env.sh again" "$tmp/logs/warmup-extension2.log"

# Same base, more layers? Both images must start with the base's layers; the extension's has the
# plain image's layers plus its run layers (wget, image-env.sh) and the JaCoCo layer. Jib writes
# OCI archives here (the app's <format>OCI</format>), hence oci-archive: rather than docker-archive:.
if command -v jq >/dev/null; then
  diff_ids() { skopeo inspect --config "$1" | jq -r '.rootfs.diff_ids[]'; }
  diff_ids "oci-archive:$HOME/.cache/paas/base-image/base.oci.tar" >"$tmp/layers-base"
  diff_ids "oci-archive:$tmp/plain-app/$bench_output" >"$tmp/layers-plain"
  diff_ids "oci-archive:$tmp/extension-app/$bench_output" >"$tmp/layers-extension"
  nb=$(wc -l <"$tmp/layers-base")
  for kind in plain extension; do
    prefix=no; [[ "$(head -n "$nb" "$tmp/layers-$kind")" == "$(cat "$tmp/layers-base")" ]] && prefix=yes
    printf '   %-9s image: %d layers, base layers (%d) a prefix: %s\n' "$kind" "$(wc -l <"$tmp/layers-$kind")" "$nb" "$prefix"
  done
  shared=$(grep -cxFf "$tmp/layers-plain" "$tmp/layers-extension" || true)
  echo "   $shared of the plain image's layers are in the extension's, which has $(( $(wc -l <"$tmp/layers-extension") - $(wc -l <"$tmp/layers-plain") )) more"
fi

echo "== $runs pairs, alternating order, offline ($(nproc) cores); whole 'mvn -o compile jib:buildTar' commands"
echo "   goal e/p = the goals alone ('--- jib-maven-plugin:' to BUILD SUCCESS); then the extension's goal"
echo "   minus the plain one, by phase: before = up to the extension's start (plugin realm, mojo set-up),"
echo "   ext = the extension itself, after = layers and tar; cpu e/p = user+sys of the two mvn commands;"
echo "   load = 1-min load average before the pair"
printf '%-5s | %12s %9s | %16s | %8s | %8s %7s %8s | %7s | %s\n' pair "extension(s)" "plain(s)" extension/plain "goal e/p" "before+s" "ext(s)" "after+s" "cpu e/p" load
ratios=() es=() ps=() gs=() bs=() xs=() as=() cs=()
for ((i = 1; i <= runs; i++)); do
  order="extension plain"; ((i % 2 == 0)) && order="plain extension"
  load=$(cut -d' ' -f1 /proc/loadavg)
  for kind in $order; do
    build "$kind" "$tmp/logs/run$i-$kind.log" -o
    printf -v "t_$kind" '%s' "$seconds"
    printf -v "c_$kind" '%s' "$cpu"
  done
  read -r eb ea eg ex < <(phases "$tmp/logs/run$i-extension.log")
  read -r pb pa pg _ < <(phases "$tmp/logs/run$i-plain.log")
  # shellcheck disable=SC2154
  es+=("$t_extension") ps+=("$t_plain") gs+=("$(ratio "$eg" "$pg")")
  bs+=("$(diff3 "$eb" "$pb")") xs+=("$ex") as+=("$(diff3 "$ea" "$pa")") cs+=("$(ratio "$c_extension" "$c_plain")")
  ratios+=("$(ratio "$t_extension" "$t_plain")")
  printf '%-5s | %12s %9s | %16s | %8s | %8s %7s %8s | %7s | %s\n' "$i" "$t_extension" "$t_plain" "${ratios[-1]}" \
    "${gs[-1]}" "${bs[-1]}" "$ex" "${as[-1]}" "${cs[-1]}" "$load"
done
mr=$(median "${ratios[@]}")
echo "   medians: goal e/p $(median "${gs[@]}"), cpu e/p $(median "${cs[@]}"); extension minus plain: before $(median "${bs[@]}") s, ext $(median "${xs[@]}") s, after $(median "${as[@]}") s"
echo "   target extension/plain <= 1.25: $(awk -v r="$mr" 'BEGIN{print (r <= 1.25 ? "met" : "NOT met")}'); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median extension/plain = $mr (extension $(median "${es[@]}") s, plain $(median "${ps[@]}") s)"
