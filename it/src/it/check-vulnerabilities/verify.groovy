// The vulnerabilities rule on a real Debian base with real jars: fails, waived, upgraded.
import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 3
def jar = '/app/libs/jackson-databind-2.13.2.jar: '

// 1. jackson-databind 2.13.2: both real GitHub advisories are HIGH, the default threshold: it fails.
assert runs[0] =~ /paas:check default \S+: FAILED — 2 errors, 2 warnings, 0 waived/
assert runs[0].contains('vulnerabilities     error  2 errors, 2 warnings (2 HIGH, 2 LOW)')
assert runs[0].contains(jar + 'GHSA-57j2-w4cx-62h2 (CVE-2020-36518) in com.fasterxml.jackson.core:jackson-databind 2.13.2, HIGH 7.5: Deeply nested json in jackson-databind; fixed in 2.13.2.1')
assert runs[0].contains(jar + 'GHSA-jjjh-jjxp-wpff (CVE-2022-42003) in com.fasterxml.jackson.core:jackson-databind 2.13.2, HIGH 7.5: Uncontrolled Resource Consumption in Jackson-databind; fixed in 2.13.4.1')
assert runs[0].contains('paas:check found 2 unwaived error(s)')
// the base's apt, matched through its source package, is LOW: reported, not failed
assert runs[0] =~ /layer 0 \(sha256:[0-9a-f]{12}\) \/var\/lib\/dpkg\/status: DEBIAN-CVE-2011-3374 \(CVE-2011-3374\) in apt \S+, LOW: /
assert runs[0] =~ /DEBIAN-CVE-2011-3374 \(CVE-2011-3374\) in libapt-pkg6.0 \S+ \(source apt \S+\), LOW/
assert runs[0].contains('BUILD FAILURE')

// 2. Waived by GHSA id and by CVE alias: it passes.
assert runs[1] =~ /paas:check default \S+: PASSED — 0 errors, 2 warnings, 2 waived/
assert runs[1].contains('BUILD SUCCESS')

// 3. Upgraded to 2.13.4.2: no jackson finding is left, with no waiver.
assert runs[2] =~ /paas:check default \S+: PASSED — 0 errors, 2 warnings, 0 waived/
def reports = new File(basedir, 'target/paas/reports')
def report = new JsonSlurper().parse(new File(reports, 'default.json'))
def vulnerabilities = report.findings.findAll { it.rule == 'vulnerabilities' }
assert vulnerabilities*.id as Set == ['DEBIAN-CVE-2011-3374'] as Set
def apt = vulnerabilities.find { it.advisory.package == 'apt' }
assert apt.severity == 'warn' && !apt.waived
assert apt.advisory.aliases == ['CVE-2011-3374'] && apt.advisory.ecosystem == 'Debian:12'
assert apt.advisory.severity == 'LOW' && !apt.advisory.containsKey('fixed')

// The SBOM: CycloneDX 1.6, every OS package and every jar with its package URL and layer.
def bom = new JsonSlurper().parse(new File(reports, 'default.cdx.json'))
assert bom.bomFormat == 'CycloneDX' && bom.specVersion == '1.6'
def os = bom.components.find { it.type == 'operating-system' }
assert os.name == 'debian' && os.version == '12'
def purls = bom.components*.purl.findAll { it }
assert purls.contains('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4.2')
assert purls.any { it.startsWith('pkg:maven/com.fasterxml.jackson.core/jackson-core@') }
assert purls.any { it ==~ /pkg:deb\/debian\/libc6@[^?]+\?arch=amd64&distro=debian-12/ }
assert purls.any { it.startsWith('pkg:deb/debian/openjdk-17-jre-headless@') }
def databind = bom.components.find { it.purl == 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4.2' }
def props = databind.properties.collectEntries { [it.name, it.value] }
assert props['paas:path'] == '/app/libs/jackson-databind-2.13.4.2.jar'
// paas:build recorded the jar's coordinates and SHA-256 in the image: the check took them from there
assert props['paas:evidence'] == 'build-record'
assert databind.hashes.find { it.alg == 'SHA-256' }.content ==~ /[0-9a-f]{64}/
def libc = bom.components.find { it.name == 'libc6' }
assert libc.properties.find { it.name == 'paas:sourceName' }.value == 'glibc'
// every dpkg package of the image is listed (the base has well over a hundred)
assert bom.components.count { it.purl?.startsWith('pkg:deb/') } > 100
