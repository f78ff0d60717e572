// The build failed with one clear message, and left no images.json to push.
def log = new File(basedir, 'build.log').text
assert log.contains('refused anonymous access')
assert log.contains('settings.xml')
assert !new File(basedir, 'target/paas/images.json').exists()
return true
