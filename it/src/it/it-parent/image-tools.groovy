// Shared by the sample projects' verify.groovy: run real tools (skopeo, podman) and fail with
// their error output. Load with:
//   def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))

/** Runs a command, asserts it succeeded, returns its standard output. */
def run(List<String> cmd) {
  def p = cmd.execute()
  def out = new StringBuilder(), err = new StringBuilder()
  p.waitForProcessOutput(out, err)
  assert p.exitValue() == 0 : "${cmd.join(' ')} failed: ${err}"
  return out.toString()
}

/** Runs an image (e.g. oci-archive:PATH) with podman, as ENVIRONMENT.md says it runs here. */
def podman(String image, List<String> options = [], List<String> args = []) {
  run(['podman', '--runtime', 'runc', '--cgroup-manager=cgroupfs', 'run', '--rm', '--net=none',
       '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'] + options + [image] + args)
}

/** Parses the JSON a command prints. */
def json(List<String> cmd) {
  new groovy.json.JsonSlurper().parseText(run(cmd))
}

/** The images paas:build recorded. */
def images(File basedir) {
  new groovy.json.JsonSlurper().parse(new File(basedir, 'target/paas/images.json')).images
}
