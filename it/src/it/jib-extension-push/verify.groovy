// jib:build with the paas extension: refused on an unrelated base before any push; on the team's
// heavier base (derived from java17, user root) pushed with the platform's user, passed by
// paas:check in the registry, and run by podman from there.
def tools = new GroovyShell(binding).parse(new File(basedir, '../it-parent/image-tools.groovy'))
def json = tools.&json

def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
assert builds.size() == 7
def (refused, pushed, checked, verified, rootChecked, rootRefused) = builds.drop(1)
assert refused.contains('Running extension: dev.paas.jib.PaasJibExtension')
assert refused.contains("<from><image> ${registry}/team/unrelated:1 is not an official base and does not derive from one (rule base-inheritance)") : refused
assert refused.contains("java17 (${registry}/base/java17:1)")
assert !refused.contains('Containerizing application')
assert !refused.contains('Built and pushed image')
def absent = ['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/team/orders-jib-refused:1.0"].execute()
absent.waitForProcessOutput(new StringBuilder(), new StringBuilder())
assert absent.exitValue() != 0 : 'the refused image reached the registry'

assert pushed.contains("${registry}/team/heavy-base:1 derives from the official base java17 (${registry}/base/java17:1): rule base-inheritance holds")
assert pushed.contains("Built and pushed image as ${registry}/team/orders-jib-push:1.0")
assert checked.contains("paas: checking the image Jib pushed, ${registry}/team/orders-jib-push:1.0@sha256:")
assert checked.contains("paas:check prod ${registry}/team/orders-jib-push@sha256:") && checked.contains('PASSED') : checked

def reference = "docker://${registry}/team/orders-jib-push:1.0"
def config = json(['skopeo', 'inspect', '--config', '--tls-verify=false', reference])
def heavyIds = json(['skopeo', 'inspect', '--config', '--tls-verify=false', "docker://${registry}/team/heavy-base:1"]).rootfs.diff_ids
assert config.rootfs.diff_ids.take(heavyIds.size()) == heavyIds
assert config.config.User == 'app' // the official base's user: the team's base had reset it to root
assert config.config.Labels['org.opencontainers.image.base.name'] == "${registry}/team/heavy-base:1"
assert config.config.Labels['dev.paas.environment'] == 'prod'
assert config.config.Env.contains('ACME_TIER=gold')
// What paas:check passed is what the registry holds (the passing report was overwritten by the
// root image's, below; the verdict attestation keeps its digest).
def digest = json(['skopeo', 'inspect', '--tls-verify=false', reference]).Digest
assert checked.contains("paas:check prod ${registry}/team/orders-jib-push@${digest}")

// Released: paas:push signed the digest Jib pushed and attested its SBOM and verdict, as checked
// with curl and openssl; paas:verify, with no -Dpaas.image, verifies the image Jib recorded.
def release = new GroovyShell(binding).parse(new File(basedir, '../it-parent/release-check.groovy'))
def keys = new File(basedir, 'keys')
def work = new File(basedir, 'target/verify')
assert checked.contains("paas: ${registry}/team/orders-jib-push:1.0@${digest} was pushed by jib:build and passed paas:check")
assert checked.contains("paas: signed ${registry}/team/orders-jib-push@${digest}")
assert !checked.contains('Pushing ')
def predicates = release.verify(registry, 'team/orders-jib-push', digest, keys, work)
assert predicates.keySet() == ['https://cyclonedx.org/bom', 'https://paas.dev/attestations/verdict/v1'] as Set
assert predicates['https://cyclonedx.org/bom'].bomFormat == 'CycloneDX'
def verdict = predicates['https://paas.dev/attestations/verdict/v1']
assert verdict.verdict == 'PASSED' && verdict.image.digest == digest
assert verdict.profile.name == 'acme'
assert verdict.profile.source == new File(basedir, 'platform.yaml').path
assert verdict.profile.digest == 'sha256:' + java.security.MessageDigest.getInstance('SHA-256')
    .digest(new File(basedir, 'platform.yaml').bytes).encodeHex().toString()
assert verdict.rules.find { it.id == 'non-root' }.level == 'error'
assert verified.contains("paas:verify ${registry}/team/orders-jib-push@${digest}: RELEASED") : verified

// Jib pushed the root image, paas:check failed it, and paas:push refused to sign it.
assert rootChecked.contains("Built and pushed image as ${registry}/team/orders-jib-root:1.0")
assert rootChecked.contains('[non-root]')
def rootDigest = json(['skopeo', 'inspect', '--tls-verify=false', "docker://${registry}/team/orders-jib-root:1.0"]).Digest
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/paas/reports/prod.json'))
assert report.digest == rootDigest && report.findings.any { it.rule == 'non-root' && it.severity == 'error' }
assert rootRefused.contains("Refusing to push ${registry}/team/orders-jib-root:1.0 (prod): paas:check found") : rootRefused
assert rootRefused.contains('jib:build already pushed it; paas:push does not sign it')
assert !rootRefused.contains('paas: signed')
def rootTags = release.tags(registry, 'team/orders-jib-root')
assert rootTags.contains('1.0') && !rootTags.any { it.endsWith('.sig') || it.endsWith('.att') } : rootTags

def archive = new File(basedir, 'target/pulled.oci.tar')
tools.run(['skopeo', 'copy', '--quiet', '--src-tls-verify=false', reference, "oci-archive:${archive}"])
def run = tools.podman("oci-archive:${archive}")
println run
assert run.contains('user: app')
assert run.contains('heavy tool: the heavy tool')
assert run.contains('motd: Welcome to ACME')
return true
