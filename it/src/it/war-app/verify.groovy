
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def images = tools.images(basedir)
assert images.size() == 1
def img = images[0]
def config = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', img.archive]))
def baseConfig = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', '--tls-verify=false', "docker://${registry}/base/java17:1"]))
// No entrypoint of ours: the servlet container's (the base's) starts the app.
assert config.config.Entrypoint == baseConfig.config.Entrypoint
assert config.config.Env.contains('JAVA_TOOL_OPTIONS=-Xss512k')
// base, then dependencies (WEB-INF/lib), resources, classes (WEB-INF/classes)
assert img.layers.size() == baseConfig.rootfs.diff_ids.size() + 3
def files = podman(img.archive, [], ['find', '/srv/webapps/ROOT', '-type', 'f'])
assert files.contains('/srv/webapps/ROOT/index.html')
assert files.contains('/srv/webapps/ROOT/WEB-INF/lib/commons-lang3-3.14.0.jar')
assert files.contains('/srv/webapps/ROOT/WEB-INF/classes/com/example/Hello.class')
return true
