// image-env.sh ran in the sandbox on the real Debian base; its changes are one layer that a real
// tool (umoci) applies, the image runs under podman, and the second build reused the layer.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def json = tools.&json
// build.log holds both invocations, one after the other.
def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
assert builds.size() == 3
def first = builds[1], second = builds[2]

// The first build ran the script in the sandbox and streamed its output.
assert first.contains('[.paas/image-env.sh] image-env for orders-env 1.0 (test prod) on debian')
assert first.contains('[.paas/image-env.sh] image-env done')
assert first.contains('sandbox: root, network: isolated')
// The second build of the unchanged project did not run it again.
assert second.contains('Using the cached layer of .paas/image-env.sh')
assert !second.contains('[.paas/image-env.sh]')
assert !second.contains('Unpacked the base image')
// The base's layers keep their registry digests: the push mounts them (or finds them), never
// uploads them.
def baseBlobs = json(['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/base/java17:1"]).Layers
assert first =~ /Pushed \S+:1\.0-test@\S+ \(\d+ uploaded, \d+ mounted, \d+ already there\)/
baseBlobs.each { assert !first.contains("${it.substring(7, 19)} uploaded") }
assert !first.contains('E: ') // apt had what it needs (e.g. /dev/pts)

def images = tools.images(basedir)
def baseConfig = json(['skopeo', 'inspect', '--config', '--tls-verify=false', "docker://${registry}/base/java17:1"])
def baseIds = baseConfig.rootfs.diff_ids
images.each { img ->
  // base, then the image-env layer, then dependencies (none), resources, classes.
  assert img.layers.take(baseIds.size()) == baseIds
  assert img.layers.size() == baseIds.size() + 1 + 2
  def config = json(['skopeo', 'inspect', '--config', img.archive])
  assert config.history.any { it.created_by?.startsWith('RUN .paas/image-env.sh') }
}
// One layer below the environments: test and prod share it.
assert images[0].layers[baseIds.size()] == images[1].layers[baseIds.size()]

// What the first build pushed is the image-env layer over the base; umoci applies it.
def testImage = images.find { it.environment == 'test' }.reference
def work = new File(basedir, 'target/umoci')
work.deleteDir()
work.mkdirs()
run(['skopeo', 'copy', '--src-tls-verify=false', "docker://${testImage}", "oci:${work}/layout:img"])
def manifest = json(['skopeo', 'inspect', '--raw', "oci:${work}/layout:img"])
def runBlob = manifest.layers[baseIds.size()].digest
def entries = run(['tar', '-tzf', "${work}/layout/blobs/sha256/${runBlob.substring(7)}"]).readLines()
assert entries.contains('usr/bin/wget')
assert entries.contains('opt/orders/motd.txt')
assert entries.contains('etc/.wh.issue.net')
assert !entries.any { it.endsWith('.deb') } // apt-get clean removed the downloads
assert entries.every { !it.startsWith('proc/') && !it.startsWith('dev/') && !it.startsWith('.paas') }
assert !entries.contains('etc/resolv.conf')

run(['umoci', 'unpack', '--image', "${work}/layout:img", "${work}/bundle"])
def rootfs = new File(work, 'bundle/rootfs')
assert new File(rootfs, 'usr/bin/wget').canExecute()
assert !new File(rootfs, 'etc/issue.net').exists()
assert new File(rootfs, 'etc/issue').exists()
assert new File(rootfs, 'etc/resolv.conf').length() == 0 // the base's own, not the host's
assert java.nio.file.Files.readSymbolicLink(new File(rootfs, 'etc/motd-orders').toPath()).toString() == '/opt/orders/motd.txt'
def motd = new File(rootfs, 'opt/orders/motd.txt').toPath()
assert java.nio.file.Files.getAttribute(motd, 'unix:mode') == 0100640
assert java.nio.file.Files.getAttribute(motd, 'unix:gid') == 1000
assert !new File(rootfs, '.paas').exists() && !new File(rootfs, '.paas-run').exists()

// It runs: the app as the base's user reads the file the script made readable to its group.
images.each { img ->
  def out = podman(img.archive)
  assert out.contains('orders motd: Orders service: built on the official base')
  assert out.contains('wget installed: true')
}
assert podman(images[0].archive, ['--entrypoint', '/usr/bin/wget'], ['--version']).contains('GNU Wget')
return true
