// What paas:build and paas:check said under each profile prebuild.groovy wrote, through build.log
// per invocation; the signed run's report in target/paas/reports; the signature in the registry.
import groovy.json.JsonSlurper

def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 4

def base = tools.json(['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/base/java17:1"])
def unsigned = tools.json(['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/base/unsigned:1"])

// The signature prebuild.groovy stored: cosign's tag for the base digest, in the base's repository,
// one simple-signing layer naming the digest.
def sigTag = base.Digest.replace(':', '-') + '.sig'
def signature = tools.json(['skopeo', 'inspect', '--raw', '--tls-verify=false',
                            "docker://${registry}/base/java17:${sigTag}"])
assert signature.layers*.mediaType == ['application/vnd.dev.cosign.simplesigning.v1+json']
assert signature.layers[0].annotations['dev.cosignproject.cosign/signature']
def payload = new JsonSlurper().parse(new URL("http://${registry}/v2/base/java17/blobs/${signature.layers[0].digest}"))
assert payload.critical.image.'docker-manifest-digest' == base.Digest
assert payload.critical.identity.'docker-reference' == "${registry}/base/java17".toString()

// Every run but the last built the image, then checked it.
runs.take(3).each { run ->
  assert run.contains('image(s) recorded in')
  assert run.contains('paas:check default ')
}

// 1. Signed, but not with the profile's key: base-signature fails, and says why.
assert runs[0].contains('BUILD FAILURE')
assert runs[0].contains(': FAILED')
assert runs[0].contains('[base-signature]')
assert runs[0].contains("The official base java17 (${registry}/base/java17:1@${base.Digest}) has no valid signature")
assert runs[0].contains("no valid signature at ${registry}/base/java17:${sigTag}")
assert runs[0].contains("the signature does not verify with the platform's public key")
assert runs[0].contains('paas:check found 1 unwaived error(s)')

// 2. An official base that no one signed: no signature in its repository (the one for the same
// digest in base/java17 does not count).
assert runs[1].contains('BUILD FAILURE')
assert runs[1].contains('[base-signature]')
assert runs[1].contains("The official base java17 (${registry}/base/unsigned:1@${unsigned.Digest}) has no valid signature")
assert runs[1].contains("no signature at ${registry}/base/unsigned:${unsigned.Digest.replace(':', '-')}.sig")
assert runs[1].contains('paas:check found 1 unwaived error(s)')

// 3. Signed with the profile's key: the check passes, base-signature among the rules that ran.
assert runs[2].contains('BUILD SUCCESS')
assert runs[2] =~ /paas:check default \S+: PASSED — 0 errors, 0 warnings, 0 waived/
assert runs[2] =~ /\[INFO\]   base-signature +error +no findings/
assert runs[2] =~ /\[INFO\]   base-inheritance +error +no findings/
assert !runs[2].contains('[base-signature]')
def recorded = (runs[2] =~ /default +(sha256:[0-9a-f]{64}) +(oci-archive:\S+)/)
assert recorded.find()
def report = new JsonSlurper().parse(new File(basedir, 'target/paas/reports/default.json'))
assert report.findings == []
assert report.digest == recorded.group(1)
assert tools.json(['skopeo', 'inspect', recorded.group(2)]).Digest == report.digest

// 4. A base that is no official one: paas:build stops before composing, and the images.json of
// run 3 is gone, so paas:push has nothing to send.
assert runs[3].contains('BUILD FAILURE')
assert runs[3].contains('<baseImage> oci-archive:target/images/scratch.oci.tar is not an official base')
assert runs[3].contains('(rule base-inheritance)')
assert runs[3].contains("java17 (${registry}/base/java17:1)")
assert !runs[3].contains('image(s) recorded in')
assert !runs[3].contains('paas:check')
assert !new File(basedir, 'target/paas/images.json').exists()
return true
