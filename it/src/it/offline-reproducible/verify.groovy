def run(List<String> cmd) {
  def p = cmd.execute()
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  assert p.exitValue() == 0 : "${cmd.join(" ")} failed: ${err}"
  return out.toString()
}
def podman(String archive, List<String> extra = [], List<String> args = []) {
  run(["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs", "run", "--rm", "--net=none",
       "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"] + extra + [archive] + args)
}
def images = new groovy.json.JsonSlurper().parse(new File(basedir, "target/paas/images.json")).images
def log = new File(basedir, "build.log").text
def previous = new groovy.json.JsonSlurper().parse(new File(basedir, 'previous-images.json')).images
assert previous*.digest == images*.digest
assert new File(basedir, 'target/paas/default.oci.tar').isFile()
return true
