// The build failed with one clear message, and left no images.json to push.
def log = new File(basedir, 'build.log').text
assert log.contains('was not found (404): check <baseImage>')
assert log.contains('base/does-not-exist:9')
assert !new File(basedir, 'target/paas/images.json').exists()
return true
