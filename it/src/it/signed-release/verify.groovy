// The signed release, checked with tools that share no code with the plugin: manifests and blobs
// read with curl, signatures verified with openssl over the exact payload bytes and over the
// DSSE pre-authentication encoding (it-parent/release-check.groovy).
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 6
def keys = new File(basedir, 'keys')
def work = new File(basedir, 'target/verify')
def release = new GroovyShell(binding).parse(new File(basedir, '../it-parent/release-check.groovy'))

// 1. A failed check: no push, no signature.
assert runs[0].contains('FAILED')
assert !runs[0].contains('Pushed ')
assert !runs[0].contains('paas: signed')

// 2. Both images pushed, each signed and attested.
assert runs[1].contains('BUILD SUCCESS')
def pushed = (runs[1] =~ /Pushed (\S+):1\.0-(test|prod)@(sha256:[0-9a-f]{64})/).collect { [it[2], it[3]] }.collectEntries()
assert pushed.keySet() == ['test', 'prod'] as Set
pushed.each { env, digest ->
  assert runs[1].contains("paas: signed ${registry}/team/signed@${digest}")

  // A registry shared by several runs of this sample (Maven 3.8 and 3.9) keeps the earlier runs'
  // signatures of these reproducible digests, made with their own keys: this run's must be there.
  def predicates = release.verify(registry, 'team/signed', digest, keys, work)
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
def tags = release.tags(registry, 'team/signed')
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
