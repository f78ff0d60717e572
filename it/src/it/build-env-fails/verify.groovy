// The build failed with one clear message, and left no images.json to push.
def log = new File(basedir, 'build.log').text
assert log.contains('build-env.sh failed with exit code 3')
assert log.contains('  | preparing certificates')
assert log.contains('  | cannot find certs/ca.pem')
assert !new File(basedir, 'target/paas/images.json').exists()
assert !new File(basedir, 'target/classes').exists() // stopped before compiling
return true
