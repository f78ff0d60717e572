// Jib's from.auth is the extension's credential for the base's registry: a wrong password is the
// registry's refusal, before Jib builds anything; the right one gives an image that runs.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
assert builds.size() == 3
def (refused, built) = [builds[1], builds[2]]
assert refused.contains("error running extension 'dev.paas.jib.PaasJibExtension'") : refused
assert refused.contains("${authRegistry}") && (refused.contains('401') || refused.toLowerCase().contains('unauthorized')) : refused
assert !refused.contains('Containerizing application')
assert built.contains("${authRegistry}/base/java17:1 derives from the official base java17 (${authRegistry}/base/java17:1): rule base-inheritance holds")
assert built.contains('paas: checking the image Jib wrote, docker-archive:') && built.contains('PASSED') : built
def run = tools.podman("docker-archive:${new File(basedir, 'target/jib-image.tar')}")
assert run.contains('user: app') : run
return true
