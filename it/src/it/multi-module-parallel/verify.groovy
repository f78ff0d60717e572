// Two modules built at the same time on the shared base cache: each has its own images, they run.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def log = new File(basedir, 'build.log').text
assert log.contains('paas: nothing to build for pom packaging')
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
['billing', 'shipping'].each { module ->
  def images = tools.images(new File(basedir, module))
  assert images*.reference == ["${registry}/team/${module}:1.0-test", "${registry}/team/${module}:1.0-prod"]*.toString()
  images.each { img ->
    assert tools.json(['skopeo', 'inspect', img.archive]).Digest == img.digest
    assert tools.podman(img.archive).contains("${module} is up")
  }
}
assert !new File(basedir, 'target/paas/images.json').exists()
return true
