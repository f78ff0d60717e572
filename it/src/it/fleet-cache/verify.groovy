// The second machine ran no step: it pulled the first one's layer from the fleet cache, built
// the same image digest, and its check read none of the base's layers. The third (Jib with the
// paas extension) ran no step either and has the same layer.
def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
assert builds.size() == 4
def first = builds[1], second = builds[2], jib = builds[3]

assert first.contains('[.paas/image-env.sh] fleet-cache step ran')
assert first.contains('Published run-layer')
assert !second.contains('[.paas/image-env.sh]')
assert second.contains('Using the layer of .paas/image-env.sh')
assert second.contains('from the fleet cache')
assert !(second =~ /WARN.*fleet cache/)
assert !(first =~ /WARN.*fleet cache/)

def digest = { log -> (log =~ /\[INFO\]   test\s+(sha256:[0-9a-f]{64})/)[0][1] }
assert digest(first) == digest(second)

// Facts of every layer the first check read come from the fleet on the second machine.
assert first.contains('Reading ')
assert !second.contains('Reading ')

// The Jib extension uses the same cache: the same layer (diff_id), made by the first machine.
def made = (first =~ /\.paas\/image-env\.sh: its layer ([0-9a-f]{12}) is/)[0][1]
assert (second =~ /Using the layer of \.paas\/image-env\.sh \(([0-9a-f]{12})\) from the fleet cache/)[0][1] == made
assert jib.contains('Running extension: dev.paas.jib.PaasJibExtension')
assert !jib.contains('[.paas/image-env.sh]')
assert (jib =~ /Using the layer of \.paas\/image-env\.sh \(([0-9a-f]{12})\) from the fleet cache/)[0][1] == made
assert !(jib =~ /WARN.*fleet cache/)
assert new File(basedir, 'target/jib-test.tar').isFile()

// The second machine put the base's layers and the run layer straight into Jib's cache: it never
// wrote the base out whole as a docker archive for Jib to extract.
assert second.contains("Putting the base image's layers into Jib's cache")
assert !second.contains('as a docker archive for Jib')
def derived = new File(basedir, 'target/machine-2/paas/derived')
assert derived.listFiles().every { it.name.endsWith('.cached.tar') && it.length() < 64 * 1024 }
