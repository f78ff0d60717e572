// jib:buildTar with the paas extension: the test and prod images are on the official base, carry
// the options' and image-env.sh's layers byte for byte as paas:build makes them (same diff_ids),
// JaCoCo only in test, pass paas:check, and run under podman as the platform's user.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def json = tools.&json

def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
assert builds.size() == 8
def (jibTest, jibProd, paasBuild, offline, oci, released, dockerRefused) = builds.drop(1)
for (build in [jibTest, jibProd]) {
  assert build.contains('Running extension: dev.paas.jib.PaasJibExtension')
  assert build.contains("${registry}/base/java17:1 derives from the official base java17 (${registry}/base/java17:1): rule base-inheritance holds")
  assert build.contains("Getting manifest for base image ${registry}/base/java17@sha256:")
  // paas:check of the tar Jib wrote, found through target/jib-image.json: no finding at error level.
  assert build.contains('paas: checking the image Jib wrote, ') && build.contains('PASSED') : build
}
// Each environment's report, for the image id Jib recorded.
// (The test report is the last test check's: the OCI archive's, below.)
def archives = [test: "oci-archive:${new File(basedir, 'target/jib-test-oci.tar')}",
                prod: "docker-archive:${new File(basedir, 'target/jib-prod.tar')}"]
archives.each { environment, archive ->
  def report = new groovy.json.JsonSlurper().parse(new File(basedir, "target/paas/reports/${environment}.json"))
  assert report.image == archive
  assert report.findings.every { it.severity != 'error' }
}
assert jibTest.contains('paas: test image on ') && jibProd.contains('paas: prod image on ')

def baseIds = json(['skopeo', 'inspect', '--config', '--tls-verify=false', "docker://${registry}/base/java17:1"]).rootfs.diff_ids
def config = { String archive -> json(['skopeo', 'inspect', '--config', archive]) }
def test = config("docker-archive:${new File(basedir, 'target/jib-test.tar')}")
def prod = config("docker-archive:${new File(basedir, 'target/jib-prod.tar')}")
def testIds = test.rootfs.diff_ids
def prodIds = prod.rootfs.diff_ids
assert testIds.take(baseIds.size()) == baseIds && prodIds.take(baseIds.size()) == baseIds

// paas:build of the same project: its option and image-env layers are the Jib images' layers
// right above the base, and its JaCoCo layer is the Jib test image's top layer.
def images = tools.images(basedir)
def paasTest = images.find { it.environment == 'test' }
def paasProd = images.find { it.environment == 'prod' }
def runLayers = paasTest.layers.subList(baseIds.size(), baseIds.size() + 3) // wget, acme-motd, image-env
assert paasProd.layers.subList(baseIds.size(), baseIds.size() + 3) == runLayers
assert testIds.subList(baseIds.size(), baseIds.size() + 3) == runLayers
assert prodIds.subList(baseIds.size(), baseIds.size() + 3) == runLayers
assert testIds.last() == paasTest.layers.last()
assert testIds.size() == prodIds.size() + 1
def history = test.history.findAll { !it.empty_layer }*.comment
assert history.any { it?.startsWith('RUN option wget') }
assert history.any { it?.startsWith('RUN .paas/image-env.sh') }
assert history.last() == 'service jacoco'

// Configuration: JaCoCo's agent, port and labels only in test; the option's variable in both.
def agent = '/opt/paas/services/jacoco/org.jacoco.agent-0.8.15-runtime.jar'
assert test.config.Env.find { it.startsWith('JAVA_TOOL_OPTIONS=') }.contains("-javaagent:${agent}=output=tcpserver")
assert !prod.config.Env.any { it.startsWith('JAVA_TOOL_OPTIONS=') }
assert test.config.Env.contains('ACME_TIER=gold') && prod.config.Env.contains('ACME_TIER=gold')
assert test.config.ExposedPorts.keySet() == ['6300/tcp'] as Set
assert !prod.config.ExposedPorts
assert test.config.Labels['dev.paas.services'] == 'jacoco'
assert test.config.Labels['dev.paas.options'] == 'wget,acme-motd'
assert test.config.Labels['dev.paas.environment'] == 'test' && prod.config.Labels['dev.paas.environment'] == 'prod'
assert test.config.Labels['org.opencontainers.image.base.name'] == "${registry}/base/java17:1"
assert test.config.Labels['org.opencontainers.image.base.digest'] == paasTest.baseDigest
assert test.config.User == 'app' && prod.config.User == 'app'

// Offline, the unchanged project's test image comes from the caches, and is the same image.
assert offline.contains('Using the cached layer of .paas/image-env.sh') && offline.contains('BUILD SUCCESS')
assert config("docker-archive:${new File(basedir, 'target/jib-test-offline.tar')}") == test

// Jib's OCI format: an OCI archive, checked as one, with the same layers.
assert oci.contains("paas: checking the image Jib wrote, oci-archive:${new File(basedir, 'target/jib-test-oci.tar')}")
assert oci.contains("paas:check test oci-archive:") && oci.contains('PASSED') : oci
assert config("oci-archive:${new File(basedir, 'target/jib-test-oci.tar')}").rootfs.diff_ids == testIds

// The extension recorded the libraries Jib put in the image: spring-jcl carries no pom.properties,
// and paas:check's SBOM names it by the coordinates Maven resolved, from the record.
for (environment in ['test', 'prod']) {
  def bom = new groovy.json.JsonSlurper().parse(new File(basedir, "target/paas/reports/${environment}.cdx.json"))
  def jcl = bom.components.find { it.purl == 'pkg:maven/org.springframework/spring-jcl@6.1.14' }
  assert jcl : "no Maven purl for spring-jcl in ${environment}: ${bom.components*.purl.findAll { it?.contains('jcl') }}"
  def props = jcl.properties.collectEntries { [it.name, it.value] }
  assert props['paas:evidence'] == 'build-record'
  assert props['paas:path'] == '/app/libs/spring-jcl-6.1.14.jar'
  def jar = new File(System.getProperty('maven.repo.local') ?: "${System.getProperty('user.home')}/.m2/repository",
      'org/springframework/spring-jcl/6.1.14/spring-jcl-6.1.14.jar')
  if (jar.isFile()) {
    def sha = java.security.MessageDigest.getInstance('SHA-256').digest(jar.bytes).encodeHex().toString()
    assert jcl.hashes.find { it.alg == 'SHA-256' }.content == sha
  }
}
// ...in its own layer, right above Jib's and below the environment's.
assert history[-2] == 'paas library record'

// The checked OCI tar, released by paas:push: sent unchanged (the registry's digest is the one
// checked), then signed and attested with the release key, checked with curl and openssl.
def release = new GroovyShell(binding).parse(new File(basedir, '../it-parent/release-check.groovy'))
def ociDigest = json(['skopeo', 'inspect', "oci-archive:${new File(basedir, 'target/jib-test-oci.tar')}"]).Digest
assert released.contains("Pushed ${registry}/team/orders-jib:1.0-test@${ociDigest}") : released
assert released.contains("paas: signed ${registry}/team/orders-jib@${ociDigest}")
def predicates = release.verify(registry, 'team/orders-jib', ociDigest, new File(basedir, 'keys'), new File(basedir, 'target/verify'))
assert predicates.keySet() == ['https://cyclonedx.org/bom', 'https://paas.dev/attestations/verdict/v1'] as Set
assert predicates['https://cyclonedx.org/bom'].components.any { it.purl == 'pkg:maven/org.springframework/spring-jcl@6.1.14' }
def verdict = predicates['https://paas.dev/attestations/verdict/v1']
assert verdict.verdict == 'PASSED' && verdict.image.digest == ociDigest
assert verdict.profile.name == 'acme'
assert verdict.profile.digest == 'sha256:' + java.security.MessageDigest.getInstance('SHA-256')
    .digest(new File(basedir, 'platform.yaml').bytes).encodeHex().toString()

// A Docker-format tar is refused before anything is sent, saying to build it in OCI format.
assert dockerRefused.contains("in Docker format, whose digest in a registry is not the image id paas:check checked")
assert dockerRefused.contains('<format>OCI</format>')
assert !dockerRefused.contains('Pushing ') && !dockerRefused.contains('paas: signed')

// Both images really run: the agent in test only, the run layers' symlink, deletion and sticky
// /tmp as the sandbox left them.
def testRun = tools.podman("docker-archive:${new File(basedir, 'target/jib-test.tar')}")
println testRun
assert testRun.contains('user: app')
assert testRun.contains("-javaagent:${agent}=output=tcpserver")
assert testRun.contains('jacoco port 6300: open')
assert testRun.contains('motd: Welcome to ACME')
assert testRun.contains('ACME_TIER=gold')
assert testRun.contains('orders motd via link: orders on ACME (symlink: true)')
assert testRun.contains('base motd present: false')
assert testRun.contains('wget: true')
assert testRun.contains('tmp mode: 1777')
def prodRun = tools.podman("docker-archive:${new File(basedir, 'target/jib-prod.tar')}")
println prodRun
assert prodRun.contains('user: app')
assert !prodRun.contains('-javaagent')
assert prodRun.contains('jacoco port 6300: closed')
assert prodRun.contains('orders motd via link: orders on ACME (symlink: true)')
assert prodRun.contains('wget: true')
return true
