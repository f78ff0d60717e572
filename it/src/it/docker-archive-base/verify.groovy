def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def images = tools.images(basedir)
def log = new File(basedir, "build.log").text
assert images*.reference == ['registry.example/team/docker-local:1.0-prod']
def baseConfig = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', "docker-archive:${baseDockerArchive}"]))
assert images[0].layers.take(baseConfig.rootfs.diff_ids.size()) == baseConfig.rootfs.diff_ids
assert podman(images[0].archive).contains('hello from com.example.Main uid=1000')
return true
