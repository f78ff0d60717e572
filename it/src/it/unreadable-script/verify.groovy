// The build failed with one clear message, and left no images.json to push.
def log = new File(basedir, 'build.log').text
assert log.contains('build-env.sh is not a regular file')
assert !new File(basedir, 'target/paas/images.json').exists()
return true
