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
def remote = new groovy.json.JsonSlurper().parseText(run(['skopeo', 'inspect', '--tls-verify=false', '--creds', 'paas:paas-secret', "docker://${images[0].reference}"]))
assert remote.Digest == images[0].digest
assert !log.contains('paas-secret')
return true
