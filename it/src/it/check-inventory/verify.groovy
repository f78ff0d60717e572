// The inventory of rpm and apk databases under a real Maven: the rules, the report and the SBOM.
import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 2

// 1. Rocky Linux 9: the rpm SQLite database read by the plugin (sqlite-jdbc in Maven's class realm).
assert runs[0].contains('RLSA-TEST-1 (CVE-2026-10001) in hello-tiny 1.2.3-4.el9, HIGH 7.5: hello-tiny: a test advisory in Rocky Linux\'s shape; fixed in 1.2.3-5.el9')
assert runs[0] =~ /layer 0 \(sha256:[0-9a-f]{12}\) \/var\/lib\/rpm\/rpmdb\.sqlite: RLSA-TEST-1/
assert !runs[0].contains('RLSA-TEST-2')   // 2:0.9-1 is newer than the fix 1:1.0-1
assert !runs[0].contains('could not be read')

// 2. Alpine 3.19: libcrypto3 and libssl3 matched through their origin, openssl; MODERATE is a warning.
assert runs[1].contains('vulnerabilities     error  2 warnings (2 MEDIUM)')
def reports = new File(basedir, 'target/paas/reports')
def report = new JsonSlurper().parse(new File(reports, 'image.json'))
def vulns = report.findings.findAll { it.rule == 'vulnerabilities' }
assert vulns*.advisory*.package as Set == ['libcrypto3', 'libssl3'] as Set
vulns.each {
  assert it.id == 'ALPINE-TEST-1' && it.severity == 'warn'
  assert it.advisory.aliases == ['CVE-2026-10003'] && it.advisory.ecosystem == 'Alpine:v3.19'
  assert it.advisory.installed == '3.1.4-r5' && it.advisory.fixed == '3.1.4-r6'
  assert it.advisory.severity == 'MEDIUM'
  assert it.location.endsWith('/lib/apk/db/installed')
}
def bom = new JsonSlurper().parse(new File(reports, 'image.cdx.json'))
assert bom.components.find { it.type == 'operating-system' }.with { name == 'alpine' && version == '3.19.1' }
def purls = bom.components*.purl.findAll { it }
assert purls.contains('pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=3.19.1')
assert purls.contains('pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1')
assert bom.components.find { it.name == 'libssl3' }.properties.find { it.name == 'paas:sourceName' }.value == 'openssl'
