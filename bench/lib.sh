# Shared by the benchmarks that time whole `mvn compile paas:build` commands on bench/app:
# options, a temporary directory with logs, the base image, the plugin, the local registries.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_setup NAME DEFAULT_RUNS HELP_LINES "$@"   # sets runs, tmp, repo, bench_dir, goal
#
# Every benchmark built on it takes --runs N, --no-install, --keep and --maven-repo DIR (a Maven local
# repository for the install and every build, instead of ~/.m2/repository, e.g. a copy of it
# when others share the machine's).
#
# Set bench_registries=0 before bench_setup when the benchmark needs no registry (mvn_args then
# has no -Dbench.registry).
#
# Afterwards: timed_build NAME DIR LOG MVN-ARGS... (sets seconds), die_with_log MESSAGE LOG,
# median VALUES..., ratio A B. timed_build runs $goal (paas:build unless the benchmark sets it)
# and checks that it wrote $bench_output (relative to DIR; default target/paas/images.json).

bench_setup() {
  bench_name=$1 runs=$2
  local help_lines=$3 install=1 maven_repo=
  shift 3
  keep=0
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --runs) runs=${2:?--runs needs a number}; shift 2 ;;
      --no-install) install=0; shift ;;
      --keep) keep=1; shift ;;
      --maven-repo) maven_repo=${2:?--maven-repo needs a directory}; shift 2 ;;
      -h|--help) sed -n "$help_lines" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) echo "$bench_name: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
  done
  [[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "$bench_name: --runs wants a positive number" >&2; exit 2; }

  bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  repo=$(cd "$bench_dir/.." && pwd)
  goal="dev.paas:paas-maven-plugin:0.1.0-SNAPSHOT:build"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/paas-bench-${bench_name%.sh}.XXXXXX")
  trap bench_cleanup EXIT
  mkdir -p "$tmp/logs"

  [[ -f "$HOME/.cache/paas/base-image/base.oci.tar" ]] || "$repo/scripts/base-image.sh" >"$tmp/logs/base.log" 2>&1 \
    || die_with_log "scripts/base-image.sh failed" "$tmp/logs/base.log"
  mvn_args=(-B -Dstyle.color=never)
  [[ -z $maven_repo ]] || mvn_args+=("-Dmaven.repo.local=$(cd "$maven_repo" && pwd)")
  if [[ $install == 1 ]]; then
    (cd "$repo" && mvn "${mvn_args[@]}" -q install -DskipTests -Dinvoker.skip=true) >"$tmp/logs/install.log" 2>&1 \
      || die_with_log "installing the plugin failed" "$tmp/logs/install.log"
  fi
  [[ ${bench_registries:-1} == 0 ]] && return 0
  "$repo/scripts/registries.sh" start "$tmp/registries" >"$tmp/logs/registries.log" 2>&1 \
    || die_with_log "scripts/registries.sh start failed" "$tmp/logs/registries.log"
  # shellcheck disable=SC1091
  source "$tmp/registries/env"
  mvn_args+=("-Dbench.registry=$PAAS_IT_REGISTRY")
}

# One whole `mvn compile $goal` of the app in DIR, timed into $seconds; it must write $bench_output.
timed_build() { # name dir log extra-args...
  local name=$1 dir=$2 log=$3 out="$2/${bench_output:-target/paas/images.json}" t0 t1
  shift 3
  rm -f "$out"
  t0=$(date +%s%N)
  (cd "$dir" && mvn "${mvn_args[@]}" "$@" compile "$goal") >"$log" 2>&1 || die_with_log "$name build failed" "$log"
  t1=$(date +%s%N)
  [[ -s "$out" ]] || die_with_log "$name build wrote no ${out#"$dir"/}" "$log"
  seconds=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')
}

bench_cleanup() {
  local rc=$?
  [[ ${bench_registries:-1} == 0 ]] || "$repo/scripts/registries.sh" stop "$tmp/registries" >/dev/null 2>&1 || true
  if [[ $keep == 1 || $rc != 0 ]]; then echo "logs kept in $tmp/logs" >&2; rm -rf "$tmp/registries"
  else rm -rf "$tmp"; fi
  exit "$rc"
}

die_with_log() { echo "$bench_name: $1 (log: $2)" >&2; tail -n 40 "$2" >&2 || true; exit 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{m=int((NR+1)/2); print (NR%2 ? v[m] : (v[m]+v[m+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }
