def log = new File(basedir, 'build.log').text
assert log.contains('paas: skipped (paas.skip=true)')
assert !new File(basedir, 'target/paas').exists()
return true
