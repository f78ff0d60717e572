#!/usr/bin/env bash
# Speed benchmark for the vulnerabilities rule's advisory database: loading osv.dev-style
# advisories from an all.zip and matching an image's packages against them.
#
# dev.paas.core.check.vuln.osv.MatchBenchmark (a main in core's test classes, not a unit test)
# writes N synthetic advisories (default 100,000) in the shapes osv.dev publishes (Maven,
# Debian:12, Alpine:v3.19, Ubuntu:22.04:LTS, Red Hat:enterprise_linux:9; ranges, last_affected,
# versions lists, details, references) into one all.zip, builds an image of M packages (default
# 10,000: Debian 12 dpkg packages and Java libraries), and prints the medians over R rounds of
#   load    AdvisoryDb.load(all.zip): parse in parallel, intern, index
#   plain   a plain Jackson readTree of every entry of the same zip (1 thread, and parallel): the
#           reference, so that load is reported as a ratio
#   match   AdvisoryMatcher.match of the image against the database (target < 1 s)
#   cached  a second AdvisoryDb.cached call (a build checking several images)
# The version schemes are the real ones (VersionSchemes: dpkg, apk, rpm, Maven's ComparableVersion).
#
#   bench/vulnerabilities.sh [--runs R] [--advisories N] [--packages M] [--keep]
#
# Needs mvn (offline, with core's dependencies in ~/.m2) and Java 17. Compiles core's test classes
# in this work tree; never installs anything.
set -Eeuo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5
advisories=100000
packages=10000
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --advisories) advisories="$2"; shift 2 ;;
    --packages) packages="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "vulnerabilities.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for tool in mvn java; do
  command -v "$tool" >/dev/null || { echo "vulnerabilities.sh: '$tool' is missing" >&2; exit 1; }
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/paas-bench-vuln.XXXXXX")"
cleanup() { if [ "$keep" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

cd "$root"
echo "compiling core's test classes..."
mvn -B -o -q -pl core test-compile
mvn -B -o -q -pl core dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$tmp/classpath.txt" >/dev/null
cp="core/target/test-classes:core/target/classes:$(cat "$tmp/classpath.txt")"
java -Xmx3g -cp "$cp" dev.paas.core.check.vuln.osv.MatchBenchmark "$tmp/data" "$runs" "$advisories" "$packages"
