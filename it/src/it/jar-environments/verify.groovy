// Checks the built images with tools no one here wrote: skopeo for the registry and the
// archives, podman to run them.

def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def log = new File(basedir, 'build.log').text
assert log.contains('[build-env] build-env for orders 1.0 (test prod)')
def ctx = new File(basedir, 'target/build-env.txt').text
assert ctx.contains("PAAS_PROJECT_DIR=${basedir.canonicalPath}")
assert ctx.contains("PAAS_IMAGE=${registry}/team/orders:1.0")

def images = tools.images(basedir)
assert images*.environment == ['test', 'prod']
assert images*.reference == ["${registry}/team/orders:1.0-test", "${registry}/team/orders:1.0-prod"]*.toString()

def base = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/base/java17:1"]))
images.each { img ->
  assert img.keySet() == ['environment', 'reference', 'archive', 'digest', 'configDigest', 'baseImage', 'baseDigest', 'layers'] as Set
  assert img.archive.startsWith('oci-archive:')
  assert img.baseImage == "${registry}/base/java17:1"
  assert img.baseDigest == base.Digest

  // The archive is what images.json says it is.
  def local = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', img.archive]))
  assert local.Digest == img.digest
  assert local.Labels['org.opencontainers.image.base.name'] == "${registry}/base/java17:1"
  assert local.Labels['org.opencontainers.image.base.digest'] == base.Digest
  assert local.Labels['dev.paas.environment'] == img.environment
  def config = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', img.archive]))
  assert config.rootfs.diff_ids == img.layers
  assert config.config.User == 'app' // the base image's user
  assert config.config.Entrypoint.contains('com.example.Main')

  // Base first, then dependencies, resources and classes: three more layers (no snapshot deps).
  def baseConfig = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', '--tls-verify=false', "docker://${registry}/base/java17:1"]))
  assert img.layers.take(baseConfig.rootfs.diff_ids.size()) == baseConfig.rootfs.diff_ids
  assert img.layers.size() == baseConfig.rootfs.diff_ids.size() + 3

  // paas:push sent exactly this image.
  def remote = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--tls-verify=false', "docker://${img.reference}"]))
  assert remote.Digest == img.digest

  // It really runs: as the base's non-root user, with the JVM flags, honouring JAVA_TOOL_OPTIONS.
  def out = podman(img.archive, ['-e', 'JAVA_TOOL_OPTIONS=-Dgreeting=hi'])
  assert out.contains('orders says HELLO')
  assert out.contains('uid=1000')
  assert out.contains('flag=on')
  assert out.contains('greeting=hi')
  assert out.contains('-Xss512k')
  assert out.contains('resource=region=eu')
}
// Shared below the environment: the two images' layers are the same.
assert images[0].layers == images[1].layers
// The base's layers are never uploaded (mounted from base/java17, or already there), and the
// second environment's push sends at most its own config.
def pushed = (log =~ /Pushed \S+:1\.0-(test|prod)@\S+ \((\d+) uploaded, (\d+) mounted, (\d+) already there\)/).collect { it }
assert pushed.size() == 2
assert pushed[0][2].toInteger() <= 4
assert pushed[1][2].toInteger() <= 1
return true
