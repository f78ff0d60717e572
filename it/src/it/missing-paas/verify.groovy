// The build failed with one clear message, and left no images.json to push.
def log = new File(basedir, 'build.log').text
assert log.contains('The <paas> element is missing from the configuration of dev.paas:paas-maven-plugin')
assert log.contains('<baseImage>registry.example/base/java17:1</baseImage>')
assert !new File(basedir, 'target/paas/images.json').exists()
return true
