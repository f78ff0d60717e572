def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def images = tools.images(basedir)
def log = new File(basedir, "build.log").text
assert images.size() == 1
assert images[0].environment == 'default'
assert images[0].reference == 'registry.example/team/local:2.0'
def base = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', "oci-archive:${baseArchive}"]))
assert images[0].baseDigest == base.Digest
def config = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', images[0].archive]))
assert config.config.User == '1000:1000'
assert podman(images[0].archive).contains('hello from com.example.Main uid=1000')
return true
