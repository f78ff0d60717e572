// Day one for a Spring Boot team (issue 21): what a new user meets, checked with tools no one
// here wrote (skopeo for the archive, podman to run it).
import groovy.json.JsonSlurper

def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def runs = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
assert runs.size() == 3
def leak = runs[0]
def waived = runs[1]
def day = runs[2]

// 1. The leaked password of a layer test and prod share is one finding, listed once with both
// images, its id and a <waiver> ready to paste; the totals count it once.
assert leak.contains('BUILD FAILURE')
assert leak.contains('paas:check: FAILED — 1 error in 2 images (test, prod)')
def listed = leak.readLines().findAll { it.contains('/application-leak.properties') && it.contains('[test, prod]') }
assert listed.size() == 1 : listed
def waiver = leak.readLines().find { it.contains('<waiver><rule>secrets</rule><id>') }
assert waiver != null
def expires = java.time.LocalDate.now().plusDays(30).toString()
assert waiver =~ /<waiver><rule>secrets<\/rule><id>[0-9a-f]{16}<\/id><reason>TODO: why this finding is acceptable<\/reason><expires>(\d{4}-\d\d-\d\d)<\/expires><\/waiver>/
assert leak.count('<waiver><rule>secrets</rule>') == 1
assert leak.contains('paas:check found 1 unwaived error(s) in 2 image(s)')
assert !leak.contains('allow-list its fingerprint')
// The printed <waiver>, pasted into the pom (profile waived), accepts it: the build passes.
def pom = new File(basedir, 'pom.xml').text
def printedId = (waiver =~ /<id>([0-9a-f]{16})<\/id>/)[0][1]
assert pom.contains("<id>${printedId}</id>") : "the waived profile must paste the id invocation 1 printed, ${printedId}"
assert waived.contains('BUILD SUCCESS')
assert waived.contains('paas:check: PASSED — 0 errors in 2 images (test, prod), 0 warnings, 1 waived')
// Jib's lifecycle lines and progress bars are said once, not once per environment.
assert leak.count('Container entrypoint set to') == 1
assert !(leak =~ /\[INFO\] Building prod: \d+%/)

// 2. The day-one build passes with no error and no finding at all (none in a third-party jar:
// HdrHistogram's $BUILD_TIME$ token is no secret).
assert day.contains('BUILD SUCCESS')
assert !day.contains('[ERROR]')
def report = new JsonSlurper().parse(new File(basedir, 'target/paas/reports/default.json'))
assert report.findings.findAll { it.location.contains('.jar!') } == []
assert report.findings == []
assert day.contains('PASSED')
// The embedded profile's "no official base" is said once, as information, never as a warning.
assert day.count('names no official base image') == 1
assert !(day =~ /\[WARNING\].*official/)
// The rules that did not run say why.
assert day.contains('nothing to check: ')
assert !day.contains('off in the policy, or nothing to check')

def images = tools.images(basedir)
assert images.size() == 1
def img = images[0]
assert img.reference == 'registry.example/team/day-one:1.0'
def config = new JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', img.archive]))

// 3. The main class was inferred: the one class with a main method.
assert day.contains('paas: main class com.example.dayone.DayOneApplication')
assert config.config.Entrypoint.last() == 'com.example.dayone.DayOneApplication'

// 4. Spring Boot's default server.port is exposed.
assert config.config.ExposedPorts.keySet() == ['8080/tcp'] as Set
assert day.contains('exposing port 8080')

// 5. devtools is left out (said once), and is not in the image.
assert day.count('left out of the images') == 1
assert day =~ /left out of the images, as Spring Boot's packaging does: spring-boot-devtools-[\d.]+\.jar/
def libs = podman(img.archive, ['--entrypoint', 'ls'], ['/app/libs'])
assert libs.contains('spring-boot-3.')
assert !libs.contains('devtools')

// 6. The history names this plugin and its version, not jib-core's.
def createdBy = config.history*.created_by.findAll { it }
assert createdBy.any { it.startsWith('paas-maven-plugin:') }
assert createdBy.findAll { it.startsWith('paas-maven-plugin:') }.every { it == 'paas-maven-plugin:' + pluginVersion() }

// 7. The SBOM's image is named by its reference.
def sbom = new JsonSlurper().parse(new File(basedir, 'target/paas/reports/default.cdx.json'))
assert sbom.metadata.component.name == 'registry.example/team/day-one:1.0'

// 8. It runs, and answers HTTP 200 on the inferred port from inside the container: the app with
// the image's own entrypoint in the background, a bash /dev/tcp probe in front (the base has no
// curl).
def entrypoint = config.config.Entrypoint.collect { "'" + it.replace("'", "'\\''") + "'" }.join(' ')
def probe = """
${entrypoint} >/tmp/app.log 2>&1 &
get() { exec 3<>/dev/tcp/127.0.0.1/8080 || return 1; printf 'GET %s HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' "\$1" >&3; cat <&3; exec 3>&-; }
for i in \$(seq 1 180); do
  if out=\$(get /actuator/health 2>/dev/null) && [ -n "\$out" ]; then
    echo "HEALTH: \$out"; echo "GREETING: \$(get /greeting)"; cat /tmp/app.log; exit 0
  fi
  sleep 1
done
echo 'no answer on 8080'; cat /tmp/app.log; exit 1
"""
def out = podman(img.archive, ['--entrypoint', '/bin/bash'], ['-c', probe])
assert out =~ /HEALTH: HTTP\/1\.1 200/
assert out.contains('"status":"UP"')
assert out =~ /GREETING: HTTP\/1\.1 200/
assert out.contains('hello, day one')
// No devtools at run time, no restart class loader.
assert !out.contains('restartedMain')
assert !out.contains('Devtools property defaults active')
assert !out.contains('Picked up JAVA_TOOL_OPTIONS')
return true

// The plugin under test's version, as the invoker wrote it into the shared parent.
String pluginVersion() {
  def pom = new File(basedir, '../it-parent/pom.xml').text
  def m = pom =~ /<artifactId>paas-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/
  assert m.find()
  return m.group(1)
}
