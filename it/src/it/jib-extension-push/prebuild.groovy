// The platform's profile names the test registry's java17 as the official base. With umoci and
// skopeo: the team's heavier base (java17 plus a layer, its user set back to root) and an image
// that has nothing to do with java17; both pushed to the test registry.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
new File(basedir, 'platform.yaml').text = new File(basedir, 'platform.yaml.in').text.replace('@REGISTRY@', registry)

def work = new File(basedir, 'target/images')
work.deleteDir()
work.mkdirs()

// Adds a layer of FILES (path -> content) to the OCI layout image NAME, sets its USER and pushes
// it as TARGET.
def addLayerAndPush = { String name, Map<String, String> files, String user, String target ->
  def layout = new File(work, name).path
  def rootfs = new File(work, "${name}-rootfs")
  files.each { path, content ->
    def file = new File(rootfs, path)
    file.parentFile.mkdirs()
    file.text = content
  }
  def layer = new File(work, "${name}.tar").path
  def top = files.keySet()*.tokenize('/')*.first().unique()
  tools.run(['tar', '--format=posix', '--numeric-owner', '--owner=0', '--group=0', '-C', rootfs.path, '-cf', layer] + top)
  tools.run(['umoci', 'raw', 'add-layer', '--image', "${layout}:latest", layer])
  tools.run(['umoci', 'config', '--image', "${layout}:latest", '--config.user', user])
  tools.run(['skopeo', 'copy', '--quiet', '--dest-tls-verify=false', "oci:${layout}:latest", "docker://${target}"])
}

// The heavier base: java17, a tool under /opt/heavy, and USER root.
tools.run(['skopeo', 'copy', '--quiet', '--src-tls-verify=false', "docker://${registry}/base/java17:1", "oci:${new File(work, 'heavy').path}:latest"])
addLayerAndPush('heavy', ['opt/heavy/tool.txt': 'the heavy tool\n'], 'root', "${registry}/team/heavy-base:1")
// An unrelated image: one layer of its own.
tools.run(['umoci', 'init', '--layout', new File(work, 'unrelated').path])
tools.run(['umoci', 'new', '--image', "${new File(work, 'unrelated').path}:latest"])
addLayerAndPush('unrelated', ['etc/os-release': 'ID=unrelated\n'], '1000', "${registry}/team/unrelated:1")
// Nothing of an earlier run may pass for this run's push.
for (name in ['orders-jib-push', 'orders-jib-refused', 'orders-jib-root']) {
  ['skopeo', 'delete', '--tls-verify=false', "docker://${registry}/team/${name}:1.0"].execute().waitFor()
}
// Release keys made by openssl, for paas:push's signatures.
new GroovyShell(binding).parse(new File(basedir, '../it-parent/release-check.groovy')).keys(new File(basedir, 'keys'))
return true
