// Checks a signed release with tools that share no code with the plugin: manifests and blobs read
// with curl, signatures verified with openssl over the exact payload bytes and over the DSSE
// pre-authentication encoding. Load from verify.groovy with
//   def release = new GroovyShell(binding).parse(new File(basedir, '../it-parent/release-check.groovy'))
// then: release.keys(new File(basedir, 'keys'))              // in prebuild.groovy: makes the keys
//       def predicates = release.verify(registry, 'team/app', digest, keysDir, work)
import groovy.json.JsonSlurper

/** Makes keys/release.pem (PKCS#8 P-256) with keys/release.pub, and keys/other.pub, with openssl. */
def keys(File keys) {
  keys.mkdirs()
  ['release', 'other'].each { name ->
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', "${keys}/${name}.pem"])
    openssl(['pkey', '-in', "${keys}/${name}.pem", '-pubout', '-out', "${keys}/${name}.pub"])
  }
}

def openssl(List<String> args) {
  def p = (['openssl'] + args).execute()
  def err = new StringBuilder()
  p.consumeProcessErrorStream(err)
  p.waitFor()
  assert p.exitValue() == 0 : "openssl ${args} failed: ${err}"
}

/** The bytes at {@code path} of the registry, or null on an HTTP error (curl -f). */
byte[] curl(String registry, String path) {
  def p = ['curl', '-sSf', '-H', 'Accept: application/vnd.oci.image.manifest.v1+json',
           "http://${registry}${path}"].execute()
  def out = new ByteArrayOutputStream()
  p.waitForProcessOutput(out, new ByteArrayOutputStream())
  p.exitValue() == 0 ? out.toByteArray() : null
}

/** Whether openssl verifies {@code signature} of {@code data} with the PEM public key file. */
boolean verifies(File publicKey, byte[] data, byte[] signature, File work) {
  work.mkdirs()
  def dataFile = new File(work, 'data'); dataFile.bytes = data
  def sigFile = new File(work, 'sig'); sigFile.bytes = signature
  def p = ['openssl', 'dgst', '-sha256', '-verify', publicKey.path, '-signature', sigFile.path,
           dataFile.path].execute()
  def out = p.text
  p.waitFor()
  out.contains('Verified OK')
}

/**
 * Asserts that {@code repository@digest} carries a cosign signature of its digest made with
 * keys/release.pem, and returns the predicates (by type) of the attestations about that digest
 * signed with it. Other keys' signatures under the same tags (earlier runs) are passed over.
 */
Map verify(String registry, String repository, String digest, File keys, File work) {
  def slurp = { byte[] bytes -> new JsonSlurper().parse(bytes) }
  def release = new File(keys, 'release.pub')
  def other = new File(keys, 'other.pub')
  def hex = digest.substring(7)
  byte[] sigManifest = curl(registry, "/v2/${repository}/manifests/sha256-${hex}.sig")
  assert sigManifest != null : "no signature tag sha256-${hex}.sig in ${repository}"
  def sig = slurp(sigManifest)
  assert sig.mediaType == 'application/vnd.oci.image.manifest.v1+json'
  def signedByRelease = sig.layers.findAll { layer ->
    assert layer.mediaType == 'application/vnd.dev.cosign.simplesigning.v1+json'
    byte[] payload = curl(registry, "/v2/${repository}/blobs/${layer.digest}")
    assert new String(payload, 'UTF-8') == '{"critical":{"identity":{"docker-reference":"' + registry +
        '/' + repository + '"},"image":{"docker-manifest-digest":"' + digest +
        '"},"type":"cosign container image signature"},"optional":null}'
    byte[] signature = Base64.decoder.decode(layer.annotations['dev.cosignproject.cosign/signature'])
    assert !verifies(other, payload, signature, work)
    verifies(release, payload, signature, work)
  }
  assert signedByRelease.size() == 1

  def att = slurp(curl(registry, "/v2/${repository}/manifests/sha256-${hex}.att"))
  def predicates = [:]
  att.layers.each { l ->
    assert l.mediaType == 'application/vnd.dsse.envelope.v1+json'
    def envelope = slurp(curl(registry, "/v2/${repository}/blobs/${l.digest}"))
    assert envelope.payloadType == 'application/vnd.in-toto+json'
    byte[] statementBytes = Base64.decoder.decode(envelope.payload)
    def type = 'application/vnd.in-toto+json'
    def pae = new ByteArrayOutputStream()
    pae.write("DSSEv1 ${type.length()} ${type} ${statementBytes.length} ".getBytes('US-ASCII'))
    pae.write(statementBytes)
    byte[] envelopeSig = Base64.decoder.decode(envelope.signatures[0].sig)
    assert !verifies(other, pae.toByteArray(), envelopeSig, work)
    def statement = slurp(statementBytes)
    assert statement.subject[0].digest.sha256 == hex
    assert l.annotations.predicateType == statement.predicateType
    if (verifies(release, pae.toByteArray(), envelopeSig, work)) {
      assert !predicates.containsKey(statement.predicateType)
      predicates[statement.predicateType] = statement.predicate
    }
  }
  return predicates
}

/** The tags of {@code repository}, or none when the repository does not exist. */
List<String> tags(String registry, String repository) {
  byte[] list = curl(registry, "/v2/${repository}/tags/list")
  list == null ? [] : (new JsonSlurper().parse(list).tags ?: [])
}
