// The build failed with one clear message, and left no images.json to push.
def log = new File(basedir, 'build.log').text
assert log.contains('refused anonymous access')
assert log.contains('settings.xml')
assert !new File(basedir, 'target/paas/images.json').exists()
// The IT settings hold an encrypted password this build cannot decrypt: said, then anonymous.
assert log.contains("Cannot decrypt the password of <server> '${authRegistry}'")
return true
