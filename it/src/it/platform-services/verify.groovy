// The profile came from a Maven artifact; options every environment gets are layers below the
// application, test's services and option sit on top; the agents really run in the test image
// and not in prod; the push registered JaCoCo with the (real, local) coverage centre.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def json = tools.&json
def podman = tools.&podman
try {
  def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
  assert builds.size() == 4
  def build = builds[2]
  assert build.contains('Platform profile com.example.platform:acme-profile:1.0 (')
  // wget's apt-get ran in the sandbox, now or in an earlier build on this machine (its layer is
  // cached machine-wide); either way the image has it (checked under podman below).
  assert build.contains('Running option wget in the image') && build.contains('[option wget] ') ||
      build.contains('Using the cached layer of option wget')

  def images = tools.images(basedir)
  def test = images.find { it.environment == 'test' }
  def prod = images.find { it.environment == 'prod' }
  def baseIds = json(['skopeo', 'inspect', '--config', '--tls-verify=false', "docker://${registry}/base/java17:1"]).rootfs.diff_ids
  // base, option wget, option acme-motd, resources, classes: shared by both environments...
  assert prod.layers.take(baseIds.size()) == baseIds
  assert prod.layers.size() == baseIds.size() + 2 + 2
  // ...and test has the same layers, then acme-greeting's, jacoco's and prometheus-jmx's on top.
  assert test.layers.take(prod.layers.size()) == prod.layers
  assert test.layers.size() == prod.layers.size() + 3

  def testConfig = json(['skopeo', 'inspect', '--config', test.archive])
  def prodConfig = json(['skopeo', 'inspect', '--config', prod.archive])
  def history = testConfig.history*.created_by.findAll { it }
  assert history.any { it.startsWith('RUN option wget') }
  assert history.any { it.startsWith('RUN option acme-motd') }
  def agent = '/opt/paas/services/jacoco/org.jacoco.agent-0.8.15-runtime.jar'
  def toolOptions = testConfig.config.Env.find { it.startsWith('JAVA_TOOL_OPTIONS=') }
  assert toolOptions.contains("-javaagent:${agent}=output=tcpserver,address=*,port=6300")
  assert toolOptions.contains('-javaagent:/opt/paas/services/prometheus-jmx/jmx_prometheus_javaagent-1.0.1.jar=9404:/opt/paas/services/prometheus-jmx/config.yaml')
  assert !prodConfig.config.Env.any { it.startsWith('JAVA_TOOL_OPTIONS=') }
  assert testConfig.config.Env.contains('ACME_TIER=gold') && prodConfig.config.Env.contains('ACME_TIER=gold')
  assert testConfig.config.ExposedPorts.keySet() == ['6300/tcp', '9404/tcp'] as Set
  assert !prodConfig.config.ExposedPorts
  assert testConfig.config.Labels['dev.paas.services'] == 'jacoco,prometheus-jmx'
  assert testConfig.config.Labels['dev.paas.options'] == 'wget,acme-motd,acme-greeting'
  assert testConfig.config.Labels['com.acme.coverage'] == 'tcpserver:6300'
  assert prodConfig.config.Labels['dev.paas.options'] == 'wget,acme-motd'
  assert !prodConfig.config.Labels.containsKey('dev.paas.services')

  // The test image: both agents loaded by the JVM and listening; dump.sh speaks JaCoCo's protocol.
  def testRun = podman(test.archive)
  println testRun
  assert testRun.contains("-javaagent:${agent}=output=tcpserver")
  assert testRun.contains('jacoco port 6300: open')
  assert testRun.contains('metrics: 200 with jvm_ lines')
  assert testRun.contains('dump.sh exit 0, header 01c0c0100710, session block true')
  assert testRun.contains('motd: Welcome to ACME')
  assert testRun.contains('ACME_TIER=gold')
  assert testRun.contains('greeting: hello from the test environment')
  assert testRun.contains('wget: true')
  // The prod image: no agent, no service, no test-only option.
  def prodRun = podman(prod.archive)
  println prodRun
  assert !prodRun.contains('-javaagent')
  assert prodRun.contains('jacoco port 6300: closed')
  assert prodRun.contains('metrics: none')
  assert prodRun.contains('services dir: false')
  assert prodRun.contains('greeting: (absent)')
  assert prodRun.contains('motd: Welcome to ACME')
  assert prodRun.contains('wget: true')

  // JaCoCo's tcpserver, dumped from outside the container with JaCoCo's own client.
  def container = "paas-it-coverage-${System.nanoTime()}"
  def cli = new File(basedir, 'target/jacococli/org.jacoco.cli-0.8.15-nodeps.jar').path
  def exec = new File(basedir, 'target/coverage.exec')
  tools.run(['podman', '--runtime', 'runc', '--cgroup-manager=cgroupfs', 'run', '-d', '--name', container,
             '--net=host', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', test.archive, 'serve'])
  try {
    // The agents start first; the application's main is running once it says so.
    def serving = false
    for (int i = 0; i < 60 && !serving; i++) {
      serving = tools.run(['podman', 'logs', container]).contains('serving; jvm args:')
      if (!serving) {
        sleep(500)
      }
    }
    assert serving : 'the test image never started serving'
    def dump = tools.run(['java', '-jar', cli, 'dump', '--address', '127.0.0.1', '--port', '6300', '--destfile', exec.path])
    println dump
    def info = tools.run(['java', '-jar', cli, 'execinfo', exec.path])
    assert info.contains('com/example/Main') : info
  } finally {
    ['podman', 'rm', '-f', container].execute().waitFor()
  }

  // The push registered JaCoCo of the test image (and nothing for prod), with the pushed digest.
  def registrations = new File(basedir, 'registrations.jsonl').readLines()
  assert registrations.size() == 1 : registrations
  assert registrations[0].startsWith('POST application/json ')
  def registration = new groovy.json.JsonSlurper().parseText(registrations[0].substring('POST application/json '.length()))
  assert registration == [service: 'jacoco', environment: 'test', image: test.reference, digest: test.digest]
  assert json(['skopeo', 'inspect', '--tls-verify=false', "docker://${test.reference}"]).Digest == test.digest
  assert build.contains("Registered the service 'jacoco' of ${test.reference} (test)")
} finally {
  System.properties.remove('paas.it.coverageCentre')?.stop(0)
}
return true
