def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def run = tools.&run
def podman = tools.&podman
def images = tools.images(basedir)
def log = new File(basedir, "build.log").text
def previous = new groovy.json.JsonSlurper().parse(new File(basedir, 'previous-images.json')).images
assert previous*.digest == images*.digest
assert new File(basedir, 'target/paas/default.oci.tar').isFile()
return true
