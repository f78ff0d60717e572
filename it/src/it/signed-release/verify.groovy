// The signed release, checked with tools that share no code with the plugin: manifests and blobs
// read with curl, signatures verified with openssl over the exact payload bytes and over the
// DSSE pre-authentication encoding.
import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 6
def keys = new File(basedir, 'keys')
def work = new File(basedir, 'target/verify')
work.mkdirs()

def curl = { String path ->
  def p = ['curl', '-sSf', '-H', 'Accept: application/vnd.oci.image.manifest.v1+json',
           "http://${registry}${path}"].execute()
  def out = new ByteArrayOutputStream()
  p.waitForProcessOutput(out, new ByteArrayOutputStream())
  assert p.exitValue() == 0 : "curl ${path} failed"
  out.toByteArray()
}
def verifies = { String publicKey, byte[] data, byte[] signature ->
  def dataFile = new File(work, 'data'); dataFile.bytes = data
  def sigFile = new File(work, 'sig'); sigFile.bytes = signature
  def p = ['openssl', 'dgst', '-sha256', '-verify', "${keys}/${publicKey}", '-signature', sigFile.path,
           dataFile.path].execute()
  def out = p.text
  p.waitFor()
  out.contains('Verified OK')
}
def json = { byte[] bytes -> new JsonSlurper().parse(bytes) }

// 1. A failed check: no push, no signature.
assert runs[0].contains('FAILED')
assert !runs[0].contains('Pushed ')
assert !runs[0].contains('paas: signed')

// 2. Both images pushed, each signed and attested.
assert runs[1].contains('BUILD SUCCESS')
def pushed = (runs[1] =~ /Pushed (\S+):1\.0-(test|prod)@(sha256:[0-9a-f]{64})/).collect { [it[2], it[3]] }.collectEntries()
assert pushed.keySet() == ['test', 'prod'] as Set
pushed.each { env, digest ->
  def hex = digest.substring(7)
  assert runs[1].contains("paas: signed ${registry}/team/signed@${digest}")

  // A registry shared by several runs of this sample (Maven 3.8 and 3.9) keeps the earlier runs'
  // signatures of these reproducible digests, made with their own keys: this run's must be there.
  def sig = json(curl("/v2/team/signed/manifests/sha256-${hex}.sig"))
  assert sig.mediaType == 'application/vnd.oci.image.manifest.v1+json'
  def signedByRelease = sig.layers.findAll { layer ->
    assert layer.mediaType == 'application/vnd.dev.cosign.simplesigning.v1+json'
    byte[] payload = curl("/v2/team/signed/blobs/${layer.digest}")
    assert new String(payload, 'UTF-8') == '{"critical":{"identity":{"docker-reference":"' + registry +
        '/team/signed"},"image":{"docker-manifest-digest":"' + digest +
        '"},"type":"cosign container image signature"},"optional":null}'
    byte[] signature = Base64.decoder.decode(layer.annotations['dev.cosignproject.cosign/signature'])
    assert !verifies('other.pub', payload, signature)
    verifies('release.pub', payload, signature)
  }
  assert signedByRelease.size() == 1

  def att = json(curl("/v2/team/signed/manifests/sha256-${hex}.att"))
  def predicates = [:]
  att.layers.each { l ->
    assert l.mediaType == 'application/vnd.dsse.envelope.v1+json'
    def envelope = json(curl("/v2/team/signed/blobs/${l.digest}"))
    assert envelope.payloadType == 'application/vnd.in-toto+json'
    byte[] statementBytes = Base64.decoder.decode(envelope.payload)
    def type = 'application/vnd.in-toto+json'
    def pae = new ByteArrayOutputStream()
    pae.write("DSSEv1 ${type.length()} ${type} ${statementBytes.length} ".getBytes('US-ASCII'))
    pae.write(statementBytes)
    byte[] envelopeSig = Base64.decoder.decode(envelope.signatures[0].sig)
    assert !verifies('other.pub', pae.toByteArray(), envelopeSig)
    def statement = json(statementBytes)
    assert statement.subject[0].digest.sha256 == hex
    assert l.annotations.predicateType == statement.predicateType
    if (verifies('release.pub', pae.toByteArray(), envelopeSig)) {
      assert !predicates.containsKey(statement.predicateType)
      predicates[statement.predicateType] = statement.predicate
    }
  }
  assert predicates.keySet() == ['https://cyclonedx.org/bom', 'https://paas.dev/attestations/verdict/v1'] as Set
  assert predicates['https://cyclonedx.org/bom'].bomFormat == 'CycloneDX'
  def verdict = predicates['https://paas.dev/attestations/verdict/v1']
  assert verdict.verdict == 'PASSED'
  assert verdict.image.digest == digest
  assert verdict.rules.find { it.id == 'non-root' }.level == 'error'
  // No profile configured: the embedded default, named by the digest of its bytes.
  assert verdict.profile.source == 'embedded default profile'
  assert verdict.profile.digest ==~ /sha256:[0-9a-f]{64}/
}
// Signatures exist only for what was pushed: the root image of run 1 has none.
def tags = json(curl('/v2/team/signed/tags/list')).tags
assert tags.findAll { it.endsWith('.sig') } as Set == pushed.values().collect { "sha256-${it.substring(7)}.sig" } as Set

// 3. A damaged key: refused before anything is sent.
assert runs[2].contains('signing key')
assert runs[2].contains('damaged.pem')
assert !runs[2].contains('Pushing ')

// 4-6. paas:verify: released with the release key; not with another key; not when unsigned.
assert runs[3].contains('BUILD SUCCESS')
pushed.values().each { digest -> assert runs[3].contains("paas:verify ${registry}/team/signed@${digest}: RELEASED") }
assert runs[3].contains('says PASSED')
assert runs[4].contains('NOT RELEASED')
assert runs[4].contains('does not verify with the')
assert runs[4].contains('is not a signed release')
assert runs[5].contains("paas:verify ${registry}/base/java17@sha256:")
assert runs[5].contains('NOT RELEASED')
// check-signature may have signed the base with another key, in the same registry, before.
assert runs[5] =~ /no (valid )?signature at/
assert runs[5].contains('no attestations at')
true
