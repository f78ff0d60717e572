// What paas:check said about each image made by prebuild.groovy (umoci + skopeo on the official
// Debian + JRE base), through build.log per invocation, and the last image's reports in detail.
import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 6

// 1. Not built on the official base: base-inheritance fails, with the base it expected.
assert runs[0].contains('[base-inheritance]')
assert runs[0].contains('The image is not built on an official base')
assert runs[0].contains("java17 (${registry}/base/java17:1@sha256:")
assert runs[0].contains('BUILD FAILURE')

// 2. The mandatory rule cannot be waived: the build stops before checking, naming the waiver.
assert runs[1].contains('<waivers><waiver> #1: rule base-inheritance is mandatory and cannot be waived')

// 3. One waiver in force, one expired: only the expired one's finding fails the build, and the
// expiry is reported.
assert runs[2].contains('[world-writable]')
assert !(runs[2] =~ /\[setuid\] layer/)
assert runs[2].contains('world-writable /app/shared ("shared spool", expires 2020-01-31) has expired')
assert runs[2].contains('paas:check found 1 unwaived error(s)') || runs[2].contains('unwaived error')

// 4. A layer cut short is a clear error, not a crash or a pass: its blob is shorter than the
// manifest declares, which is seen when the image is opened, before a byte is inflated.
assert runs[3] =~ /its layer \d+ of \d+ sha256:[0-9a-f]{64} is \d+ bytes, not the \d+ its manifest declares/
assert runs[3].contains('build, pull or copy it again')
assert !runs[3].contains('NullPointerException')

// 5. Both findings waived (with reasons): the image passes.
assert runs[4].contains('BUILD SUCCESS')
assert runs[4].contains('PASSED')

// 6. Every rule but base-inheritance fails on the bad image.
assert runs[5].contains('BUILD FAILURE')
def reports = new File(basedir, 'target/paas/reports')
def report = new JsonSlurper().parse(new File(reports, 'image.json'))
assert report.keySet() as List == ['image', 'digest', 'findings']
assert report.image == 'oci-archive:target/images/bad.oci.tar'
def skopeo = ['skopeo', 'inspect', 'oci-archive:' + new File(basedir, 'target/images/bad.oci.tar').path].execute().text
assert report.digest == new JsonSlurper().parseText(skopeo).Digest
report.findings.each { f ->
  assert f.keySet() as List == ['rule', 'id', 'severity', 'message', 'location', 'fingerprint', 'waived']
}
def rules = report.findings*.rule as Set
assert rules == ['non-root', 'secrets', 'setuid', 'world-writable', 'base-tamper', 'privileged-runtime'] as Set

def byRule = report.findings.groupBy { it.rule }
assert byRule['non-root']*.message == ["User 'root' is uid 0 (root)"]
// The deleted properties file still ships in its layer; the key is two archives deep; the token
// is in the config; the bomb is reported, not unpacked.
def secrets = byRule['secrets']
assert secrets.any { it.location.endsWith('/app/config/application.properties:2') && it.location.startsWith('layer ') }
assert secrets.any { it.location.contains('/app/app.jar!/BOOT-INF/lib/signing-1.0.jar!/keys/signing.pem') }
assert secrets.any { it.location == 'config Env GITHUB_TOKEN' }
assert secrets.any { it.location.contains('/app/lib/bomb.zip') }
secrets.each { s ->
  assert s.id == s.fingerprint && s.id ==~ /[0-9a-f]{16}/
  assert !s.message.contains('Xq7!vR2#pL9wZe4K')
  assert !s.message.contains('Zk3Lm9Qw2Er5Ty8Ui1Op4As7Df0Gh6Jk2Lx')
}
assert byRule['setuid']*.id as Set == ['/app/bin/helper', '/a/b/dev-sda'] as Set || byRule['setuid']*.id.contains('/app/bin/helper')
assert byRule['world-writable']*.id == ['/app/shared']
assert byRule['base-tamper']*.id.contains('/usr/bin/apt')
assert byRule['base-tamper'].any { it.message.contains("climbs out of the image's root") }
def privileged = byRule['privileged-runtime']
assert privileged.any { it.location ==~ /k8s\/deployment\.yaml:18:\d+/ && it.message.contains('privileged') }
assert privileged.any { it.message.contains('hostNetwork') }
assert privileged.any { it.message.contains('SYS_ADMIN') }
assert report.findings.every { it.severity == 'error' && it.waived == false }

// The one failure message lists every error.
def failure = runs[5].substring(runs[5].indexOf('paas:check found'))
assert failure.contains("paas:check found ${report.findings.size()} unwaived error(s)")
report.findings.each { f -> assert failure.contains("image: [${f.rule}] ${f.location}") }

// SARIF 2.1.0 and JUnit XML views of the same findings.
def sarif = new JsonSlurper().parse(new File(reports, 'image.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].results.size() == report.findings.size()
assert sarif.runs[0].results.every { it.locations[0].physicalLocation.artifactLocation.uri }
def junit = new groovy.xml.XmlSlurper().parse(new File(reports, 'TEST-paas-image.xml'))
assert junit.name() == 'testsuite'
assert junit.@failures.toInteger() == rules.size()
return true
