#!/usr/bin/env bash
# The main job on a fresh machine (JDK 17, Maven, Debian's package registry, root; no Docker, no
# registry): builds the official base image locally, builds the plugin, then runs `mvn verify`
# on the bundled example app, which writes real image archives under examples/hello/target/paas/
# and checks them against the platform's rules (reports in examples/hello/target/paas/reports/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh --base
base_dir=${PAAS_BASE_DIR:-${HOME}/.cache/paas/base-image}
bash scripts/base-image.sh "$base_dir"
mvn -B -ntp -q install -DskipTests -Dinvoker.skip=true
mvn -B -ntp -f examples/hello/pom.xml verify -Dpaas.example.base="oci-archive:$base_dir/base.oci.tar"
echo
echo "== examples/hello/target/paas/images.json =="
cat examples/hello/target/paas/images.json
echo
echo "== examples/hello/target/paas/reports/test.json (paas:check) =="
cat examples/hello/target/paas/reports/test.json
echo
echo "== examples/hello/target/paas/reports/test.cdx.json (the SBOM, CycloneDX) =="
echo "$(grep -c '"purl"' examples/hello/target/paas/reports/test.cdx.json) components with a package URL, e.g.:"
grep -o '"purl" : "[^"]*"' examples/hello/target/paas/reports/test.cdx.json | grep -E 'libc6|openjdk-17-jre-headless@' | head -3 || true
echo
echo "== skopeo inspect (a tool that did not write it) =="
for env in test prod; do
  echo "-- $env"
  skopeo inspect oci-archive:examples/hello/target/paas/$env.oci.tar \
    | grep -E '"(Digest|Architecture)"|base\.(name|digest)|dev\.paas\.(options|services)'
done
echo
echo "Run them:  podman run --rm oci-archive:examples/hello/target/paas/test.oci.tar   (JaCoCo agent on port 6300)"
echo "           podman run --rm oci-archive:examples/hello/target/paas/prod.oci.tar"

# Day one for a Spring Boot team: a web application (web, actuator, devtools) whose <paas> block
# holds only the base and the image. The main class is inferred, devtools left out, 8080 exposed.
echo
echo "== examples/spring-boot: a Spring Boot web application, nothing in <paas> but base and image =="
boot_log=$(mktemp)
if ! mvn -B -ntp -f examples/spring-boot/pom.xml verify -Dpaas.example.base="oci-archive:$base_dir/base.oci.tar" >"$boot_log" 2>&1; then
  tail -60 "$boot_log"
  exit 1
fi
grep -E 'paas: (main class|exposing port|left out)|paas:check default|BUILD' "$boot_log"
rm -f "$boot_log"
skopeo inspect --config oci-archive:examples/spring-boot/target/paas/default.oci.tar \
  | grep -E '"(8080/tcp|Entrypoint)"|paas-maven-plugin:' | head -5
echo "Run it:    podman run --rm -p 8080:8080 oci-archive:examples/spring-boot/target/paas/default.oci.tar   (then curl localhost:8080/actuator/health)"

# The same app built by jib-maven-plugin with the paas extension (profile jib): Jib builds the
# test image with the same option, service and .paas/image-env.sh; paas:check checks what Jib built.
echo
echo "== jib-maven-plugin with the paas extension (mvn -Pjib verify) =="
jib_log=$(mktemp)
if ! mvn -B -ntp -f examples/hello/pom.xml -Pjib verify -Dpaas.example.dockerBase="$base_dir/base.docker.tar" >"$jib_log" 2>&1; then
  tail -60 "$jib_log"
  exit 1
fi
grep -E 'Running extension|rule base-inheritance holds|paas: test image|Built image tarball|paas:check test' "$jib_log"
rm -f "$jib_log"
echo "-- skopeo inspect docker-archive:examples/hello/target/jib-image.tar"
skopeo inspect docker-archive:examples/hello/target/jib-image.tar \
  | grep -E 'base\.(name|digest)|dev\.paas\.(options|services|environment)'
echo "Run it:    podman run --rm docker-archive:examples/hello/target/jib-image.tar"
