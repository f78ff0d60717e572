// Signs the official base in the test registry with a new P-256 key and writes the platform
// profiles the invocations use (target/platform/):
//   signed.yaml     base/java17 official, the key that signed it
//   wrong-key.yaml  base/java17 official, another key (one that never signed anything)
//   unsigned.yaml   base/unsigned official (a copy of the base no one signed), the signing key
// and makes target/images/scratch.oci.tar, an image not built on the base, with umoci and skopeo
// (a layer written by tar and added with 'umoci raw add-layer': 'umoci insert' 0.4.7 writes
// broken tars).

def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def cosign = evaluate(new File(basedir, '../it-parent/cosign.groovy'))
def inspect = { String reference ->
  new groovy.json.JsonSlurper().parseText(tools.run(['skopeo', 'inspect', '--tls-verify=false', reference]))
}

// The signed base.
def digest = inspect("docker://${registry}/base/java17:1").Digest
assert digest ==~ /sha256:[0-9a-f]{64}/
def signing = cosign.keyPair()
cosign.sign("${registry}/base/java17@${digest}", signing.private)

// The same base in a repository of its own, without a signature there.
tools.run(['skopeo', 'copy', '--quiet', '--dest-tls-verify=false', "oci-archive:${baseArchive}",
           "docker://${registry}/base/unsigned:1"])
def unsignedDigest = inspect("docker://${registry}/base/unsigned:1").Digest
def sigTag = new URL("http://${registry}/v2/base/unsigned/manifests/${unsignedDigest.replace(':', '-')}.sig")
        .openConnection()
sigTag.requestMethod = 'HEAD'
assert sigTag.responseCode == 404 : "${registry}/base/unsigned already has a signature: this run needs it unsigned"

// A profile of one official image, java17 (its repository), whose policy holds the key.
def profile = { String name, String repository, java.security.PublicKey key ->
  def pem = cosign.publicKeyPem(key).readLines().collect { '    ' + it }.join('\n')
  def file = new File(basedir, "target/platform/${name}.yaml")
  file.parentFile.mkdirs()
  file.text = """\
schemaVersion: 1
name: ${name}
officialImages:
  - name: java17
    repository: ${repository}
    tags: ["1"]
    default: true
policy:
  publicKey: |
${pem}
"""
  file
}
profile('signed', "${registry}/base/java17", signing.public)
profile('wrong-key', "${registry}/base/java17", cosign.keyPair().public)
profile('unsigned', "${registry}/base/unsigned", signing.public)

// scratch: a look-alike with a non-root user that is not built on the official base.
def work = new File(basedir, 'target/scratch')
def layout = new File(work, 'layout').path
def rootfs = new File(work, 'rootfs/etc')
rootfs.mkdirs()
new File(rootfs, 'passwd').text = 'app:x:1000:1000::/:/bin/sh\n'
def layer = new File(work, 'layer.tar').path
def images = new File(basedir, 'target/images')
images.mkdirs()
tools.run(['umoci', 'init', '--layout', layout])
tools.run(['umoci', 'new', '--image', "${layout}:latest"])
tools.run(['tar', '--format=posix', '--numeric-owner', '--owner=0', '--group=0', '-C',
           new File(work, 'rootfs').path, '-cf', layer, 'etc'])
tools.run(['umoci', 'raw', 'add-layer', '--image', "${layout}:latest", layer])
tools.run(['umoci', 'config', '--image', "${layout}:latest", '--config.user', 'app'])
tools.run(['skopeo', 'copy', '--quiet', "oci:${layout}:latest",
           "oci-archive:${new File(images, 'scratch.oci.tar').path}"])
return true
