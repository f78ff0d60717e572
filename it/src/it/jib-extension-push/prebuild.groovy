// The platform's profile names the test registry's java17 as the official base. With umoci and
// skopeo: the team's heavier base (java17 plus a layer, its user set back to root) and an image
// that has nothing to do with java17; both pushed to the test registry.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
new File(basedir, 'platform.yaml').text = new File(basedir, 'platform.yaml.in').text.replace('@REGISTRY@', registry)

def work = new File(basedir, 'target/images')
work.deleteDir()
work.mkdirs()
// The heavier base: a tool under /opt/heavy, and USER root.
def heavy = new File(work, 'heavy').path
tools.run(['skopeo', 'copy', '--quiet', '--src-tls-verify=false', "docker://${registry}/base/java17:1", "oci:${heavy}:latest"])
def rootfs = new File(work, 'heavy-rootfs/opt/heavy')
rootfs.mkdirs()
new File(rootfs, 'tool.txt').text = 'the heavy tool\n'
def layer = new File(work, 'heavy.tar').path
tools.run(['tar', '--format=posix', '--numeric-owner', '--owner=0', '--group=0', '-C', new File(work, 'heavy-rootfs').path, '-cf', layer, 'opt'])
tools.run(['umoci', 'raw', 'add-layer', '--image', "${heavy}:latest", layer])
tools.run(['umoci', 'config', '--image', "${heavy}:latest", '--config.user', 'root'])
tools.run(['skopeo', 'copy', '--quiet', '--dest-tls-verify=false', "oci:${heavy}:latest", "docker://${registry}/team/heavy-base:1"])
// An unrelated image: one layer of its own.
def unrelated = new File(work, 'unrelated').path
tools.run(['umoci', 'init', '--layout', unrelated])
tools.run(['umoci', 'new', '--image', "${unrelated}:latest"])
def other = new File(work, 'unrelated-rootfs/etc')
other.mkdirs()
new File(other, 'os-release').text = 'ID=unrelated\n'
def otherLayer = new File(work, 'unrelated.tar').path
tools.run(['tar', '--format=posix', '--numeric-owner', '--owner=0', '--group=0', '-C', new File(work, 'unrelated-rootfs').path, '-cf', otherLayer, 'etc'])
tools.run(['umoci', 'raw', 'add-layer', '--image', "${unrelated}:latest", otherLayer])
tools.run(['umoci', 'config', '--image', "${unrelated}:latest", '--config.user', '1000'])
tools.run(['skopeo', 'copy', '--quiet', '--dest-tls-verify=false', "oci:${unrelated}:latest", "docker://${registry}/team/unrelated:1"])
// Nothing of an earlier run may pass for this run's push.
for (name in ['orders-jib-push', 'orders-jib-refused']) {
  ['skopeo', 'delete', '--tls-verify=false', "docker://${registry}/team/${name}:1.0"].execute().waitFor()
}
return true
