// A war on the Jetty base: laid out exploded under appRoot, started by the base's own entrypoint,
// and answering HTTP from inside the container (podman runs it without a network).
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def images = tools.images(basedir)
assert images.size() == 1
def img = images[0]
def config = tools.json(['skopeo', 'inspect', '--config', img.archive])
def baseConfig = tools.json(['skopeo', 'inspect', '--config', '--tls-verify=false', "docker://${registry}/base/java17-jetty:1"])

// No entrypoint or user of ours: the servlet container's (the base's) starts the app.
assert config.config.Entrypoint == baseConfig.config.Entrypoint
assert config.config.User == 'jetty'
// The war's flags, then the heap-dump option's, then the Prometheus JMX exporter service's agent.
def exporter = '/opt/paas/services/prometheus-jmx'
assert config.config.Env.contains("JAVA_TOOL_OPTIONS=-Dwar.flag=on -XX:+HeapDumpOnOutOfMemoryError " +
    "-XX:HeapDumpPath=/tmp -javaagent:${exporter}/jmx_prometheus_javaagent-1.0.1.jar=9404:${exporter}/config.yaml")
assert config.config.ExposedPorts.keySet().contains('9404/tcp')
// base, then dependencies (WEB-INF/lib), resources (web.xml), classes (WEB-INF/classes), the service
assert img.layers.take(baseConfig.rootfs.diff_ids.size()) == baseConfig.rootfs.diff_ids
assert img.layers.size() == baseConfig.rootfs.diff_ids.size() + 3 + 1

def files = tools.podman(img.archive, ['--entrypoint', 'find'], ['/var/lib/jetty9/webapps/orders', '-type', 'f'])
assert files.contains('/var/lib/jetty9/webapps/orders/WEB-INF/web.xml')
assert files.contains('/var/lib/jetty9/webapps/orders/WEB-INF/lib/commons-lang3-3.14.0.jar')
assert files.contains('/var/lib/jetty9/webapps/orders/WEB-INF/classes/com/example/HelloServlet.class')

// Start the image's own entrypoint, wait for port 8080, ask for /orders/hello.
def script = '''"$@" >/tmp/jetty.log 2>&1 &
for i in $(seq 1 120); do
  if exec 3<>/dev/tcp/127.0.0.1/8080; then break; fi 2>/dev/null
  sleep 0.5
done
printf 'GET /orders/hello HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3
cat <&3
exec 4<>/dev/tcp/127.0.0.1/9404
printf 'GET /metrics HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&4
echo "jvm metrics: $(cat <&4 | grep -c '^jvm_')"
'''
def answer = tools.podman(img.archive, ['--entrypoint', 'bash'], ['-c', script, 'jetty'] + config.config.Entrypoint)
assert answer.contains('HTTP/1.1 200')
assert answer.contains('HELLO FROM THE WAR uid=100 flag=on')
// The exporter agent runs inside Jetty's JVM and serves its metrics.
assert (answer =~ /jvm metrics: (\d+)/)[0][1].toInteger() > 0
return true
