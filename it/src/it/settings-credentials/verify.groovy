def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def images = tools.images(basedir)
def log = new File(basedir, "build.log").text
def remote = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--tls-verify=false', '--creds', 'paas:paas-secret', "docker://${images[0].reference}"]))
assert remote.Digest == images[0].digest
assert !log.contains('paas-secret')
return true
