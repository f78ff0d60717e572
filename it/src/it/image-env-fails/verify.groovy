// The script failed inside the sandbox: the build failed with its last lines, wrote no
// images.json, cached no layer, and left no work directory behind.
def log = new File(basedir, 'build.log').text
assert log.contains('[.paas/image-env.sh] installing the team\'s tools')
assert log.contains('.paas/image-env.sh failed with exit code 100. Its last lines:')
// apt writes "E: " to stderr while its stdout line may still be open, so where the prefix lands
// varies from run to run; the message itself is among the last lines.
assert log =~ /(?m)^\[ERROR\]   \|.*Unable to locate package no-such-package-paas$/
assert new File(basedir, 'target/classes').exists() // it ran at package, after compiling
assert !new File(basedir, 'target/paas/images.json').exists()
def runCache = new File(System.getProperty('user.home'), '.cache/google-cloud-tools-java/jib/paas/run')
assert !runCache.listFiles().any { it.name.startsWith('work-') }
return true
