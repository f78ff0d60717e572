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
assert images.size() == 1
assert images[0].environment == 'default'
assert images[0].reference == 'registry.example/team/local:2.0'
def base = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', "oci-archive:${baseArchive}"]))
assert images[0].baseDigest == base.Digest
def config = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--config', images[0].archive]))
assert config.config.User == '1000:1000'
assert podman(images[0].archive).contains('hello from com.example.Main uid=1000')
return true
