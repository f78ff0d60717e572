// The build failed with one clear message, and left no images.json to push.
def log = new File(basedir, 'build.log').text
assert log.contains('<paas><baseImage> \'Not A Valid//Reference!\' is not a valid image reference')
assert !new File(basedir, 'target/paas/images.json').exists()
return true
