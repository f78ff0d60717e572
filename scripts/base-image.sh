#!/usr/bin/env bash
# Builds realistic "official base images" with real tools only (debootstrap, umoci, skopeo):
#   java17        Debian bookworm (minbase) + OpenJDK 17 JRE headless: two layers (OS, then JRE),
#                 default user `app` (uid 1000)
#   java17-jetty  java17 + Debian's Jetty 9 servlet container: one more layer, user `jetty`,
#                 entrypoint starting Jetty on port 8080 with webapps in /var/lib/jetty9/webapps
# Needs root. Idempotent: images already in the output directory are kept.
#
#   scripts/base-image.sh [OUT_DIR]     (default: ~/.cache/paas/base-image)
#
# Writes OUT_DIR/layout (OCI layout, tags java17 and java17-jetty), OUT_DIR/base.oci.tar
# (oci-archive), OUT_DIR/base.docker.tar (docker-archive) and OUT_DIR/jetty.oci.tar.
set -euo pipefail
out=${1:-${HOME}/.cache/paas/base-image}
mirror=${PAAS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
for tool in debootstrap umoci skopeo unshare chroot; do
  command -v "$tool" >/dev/null || { echo "base-image.sh: '$tool' is missing (apt-get install debootstrap umoci skopeo)" >&2; exit 1; }
done
mkdir -p "$out"
work=$(mktemp -d "${out}/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Runs a shell script as root in a private mount namespace, chrooted into a root file system.
in_chroot() { # ROOTFS SCRIPT
  unshare --mount --fork /bin/sh -euc "
    mount -t proc proc '$1/proc'
    mount --bind /dev '$1/dev'
    cp /etc/resolv.conf '$1/etc/resolv.conf'
    chroot '$1' /bin/sh -euc '$2'
  "
  rm -rf "$1/var/lib/apt/lists/"* "$1/var/cache/apt/"*.bin
  : > "$1/etc/resolv.conf"
}

if [[ -f "$out/base.docker.tar" && -f "$out/base.oci.tar" ]]; then
  echo "java17 base image already built in $out"
else

  echo "== debootstrap bookworm (minbase) =="
  debootstrap --variant=minbase bookworm "$work/os" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$work/os/var/cache/apt/archives/"*.deb "$work/os/var/lib/apt/lists/"*

  layout="$work/layout"
  umoci init --layout "$layout"
  umoci new --image "$layout:os"
  umoci unpack --image "$layout:os" "$work/b1"
  rm -rf "$work/b1/rootfs" && mv "$work/os" "$work/b1/rootfs"
  umoci repack --image "$layout:os" "$work/b1"
  rm -rf "$work/b1"

  echo "== layer 2: OpenJDK 17 JRE + user app =="
  umoci unpack --image "$layout:os" "$work/b2"
  root="$work/b2/rootfs"
  in_chroot "$root" "
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
    useradd --uid 1000 --create-home --shell /bin/sh app
    apt-get clean
  "
  umoci repack --image "$layout:java17" "$work/b2"
  rm -rf "$work/b2"
  umoci config --image "$layout:java17" --tag java17 \
    --config.user app \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
    --config.env LANG=C.UTF-8 \
    --config.workingdir /home/app \
    --config.label org.opencontainers.image.title=paas-official-java17 \
    --architecture amd64 --os linux
  umoci gc --layout "$layout"

  rm -rf "$out/layout" "$out/base.oci.tar" "$out/base.docker.tar" "$out/jetty.oci.tar"
  skopeo copy --quiet "oci:$layout:java17" "oci-archive:$out/base.oci.tar:base/java17:1"
  skopeo copy --quiet "oci:$layout:java17" "docker-archive:$out/base.docker.tar:base/java17:1"
  mv "$layout" "$out/layout"
  echo "java17 base image written to $out"
fi

if [[ -f "$out/jetty.oci.tar" ]]; then
  echo "java17-jetty base image already built in $out"
else
  echo "== java17-jetty: Jetty 9 on the java17 base =="
  layout="$out/layout"
  umoci unpack --image "$layout:java17" "$work/b3" >/dev/null
  in_chroot "$work/b3/rootfs" "
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jetty9 >/dev/null 2>&1
    apt-get clean
  "
  umoci repack --image "$layout:java17-jetty" "$work/b3"
  rm -rf "$work/b3"
  umoci config --image "$layout:java17-jetty" --tag java17-jetty \
    --config.user jetty \
    --config.workingdir /usr/share/jetty9 \
    --config.exposedports 8080/tcp \
    --config.entrypoint java --config.entrypoint -Djava.io.tmpdir=/tmp \
    --config.entrypoint -jar --config.entrypoint /usr/share/jetty9/start.jar \
    --config.entrypoint jetty.home=/usr/share/jetty9 --config.entrypoint jetty.base=/usr/share/jetty9 \
    --config.label org.opencontainers.image.title=paas-official-java17-jetty
  umoci gc --layout "$layout"
  skopeo copy --quiet "oci:$layout:java17-jetty" "oci-archive:$out/jetty.oci.tar:base/java17-jetty:1"
  echo "java17-jetty base image written to $out"
fi
skopeo inspect "oci-archive:$out/base.oci.tar" | grep -E '"(Digest|Architecture)"'
