// The release path: no push without a passing check for exactly the image's digest.
import groovy.json.JsonSlurper

def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 4

// 1. Refused before anything was sent.
assert runs[0].contains('Refusing to push')
assert runs[0].contains('it has not passed paas:check')
assert runs[0].contains('Run mvn verify (or paas:check) first')
assert !runs[0].contains('Pushed ')

// 2. Both images checked and passed, then pushed with the checked digests.
['test', 'prod'].each { env ->
  assert runs[1] =~ /paas:check ${env} oci-archive:\S+@sha256:[0-9a-f]{12}: PASSED/
}
assert runs[1].contains('BUILD SUCCESS')
def reports = new File(basedir, 'target/paas/reports')
def images = [:]
// The images of invocation 2 are the ones pushed; images.json now records invocation 4's.
def pushed = (runs[1] =~ /Pushed (\S+):1\.0-(test|prod)@(sha256:[0-9a-f]{64})/).collect { [it[2], it[3]] }.collectEntries()
assert pushed.keySet() == ['test', 'prod'] as Set
['test', 'prod'].each { env ->
  def report = new JsonSlurper().parse(new File(reports, "${env}.json"))
  assert report.keySet() as List == ['image', 'digest', 'findings']
  assert report.findings == []
  assert report.digest == pushed[env]
  def remote = tools.json(['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/team/release:1.0-${env}"])
  assert remote.Digest == report.digest
  def sarif = new JsonSlurper().parse(new File(reports, "${env}.sarif"))
  assert sarif.version == '2.1.0' && sarif.runs[0].results == []
  assert sarif.runs[0].tool.driver.rules*.id.containsAll(['base-inheritance', 'non-root', 'secrets', 'privileged-runtime'])
  def junit = new groovy.xml.XmlSlurper().parse(new File(reports, "TEST-paas-${env}.xml"))
  assert junit.@name == "paas.${env}"
  assert junit.@failures.toInteger() == 0
  assert junit.testcase.size() == 9
}

// 3. Checked from the registry: it passes, and no layer had to be read again.
assert runs[2].contains('BUILD SUCCESS')
assert !runs[2].contains('Reading ')
def fromRegistry = new JsonSlurper().parse(new File(reports, 'image.json'))
assert fromRegistry.image == "${registry}/team/release:1.0-test"
assert fromRegistry.digest == pushed['test']
assert fromRegistry.findings == []

// 4. The changed image is not pushed on the strength of the old report.
assert runs[3].contains('Refusing to push')
assert runs[3].contains('is for ' + pushed['test'])
assert runs[3].contains('not for the image built now')
def now = tools.images(basedir).find { it.environment == 'test' }
assert now.digest != pushed['test']
def remote = tools.json(['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/team/release:1.0-test"])
assert remote.Digest == pushed['test']
return true
