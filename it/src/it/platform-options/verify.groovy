// What paas:options shows from each kind of location, and the errors a team meets.
try {
  def builds = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
  assert builds.size() == 7
  def (embedded, json, served, missing, misspelt, broken) = builds[1..6]

  // 1. The embedded default, as a table.
  assert embedded.contains('Platform profile: paas-default (embedded default profile)')
  assert embedded =~ /\[INFO\] NAME +KIND +ENVIRONMENTS +DESCRIPTION +CHANGES/
  assert embedded =~ /\[INFO\] wget +option +any +GNU Wget.* +run \(alpine, debian, rhel\)/
  assert embedded =~ /\[INFO\] jacoco +service +any +JaCoCo coverage agent.* +artifact org\.jacoco:org\.jacoco\.agent:0\.8\.15:jar:runtime/
  assert embedded =~ /\[INFO\] prometheus-jmx +service +any/
  assert embedded.contains('BUILD SUCCESS')

  // 2. The file's profile over the default, as JSON (also on standard output).
  def listing = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/options.json'))
  assert listing.profile == 'acme-file'
  assert listing.source == new File(basedir, 'platform.yaml').canonicalPath
  assert listing.officialImages == [[name: 'java17', repository: 'registry.acme.example/base/java17', tags: ['1', '1.1'], default: true]]
  def offers = listing.offers.collectEntries { [(it.name): it] }
  assert offers.keySet().containsAll(['wget', 'heap-dump', 'utf8', 'fonts', 'jacoco', 'prometheus-jmx', 'audit'])
  assert offers.fonts.kind == 'option' && offers.fonts.environments == ['test', 'prod']
  assert offers.fonts.changes.run.keySet() == ['debian', 'alpine'] as Set
  assert offers.audit.kind == 'service' && offers.audit.environments == ['prod']
  assert offers.audit.changes.artifact == 'com.acme:audit-agent:2.1'
  assert offers.audit.changes.ports == ['8125/udp']
  assert offers.audit.changes.registration == 'https://audit.acme.example/register'
  assert offers.wget.changes.run.debian.contains('apt-get install -y --no-install-recommends wget')
  assert json.contains('"profile" : "acme-file"')

  // 3. The served profile over the default.
  def url = new File(basedir, 'url.properties').text.trim().substring('paas.platform='.length())
  assert served.contains("Platform profile: acme-served (${url})")
  assert served =~ /\[INFO\] served-option +option +any +An option only the served profile offers +env SERVED/
  assert served =~ /\[INFO\] wget +option/

  // 4. A URL that answers 404.
  assert missing.contains('/missing.yaml could not be read: HTTP 404')

  // 5. A misspelt option names the nearest known one.
  assert misspelt.contains("<paas><options> names 'wegt', which the platform profile (")
  assert misspelt.contains("Did you mean 'wget'?")
  assert misspelt.contains('mvn paas:options')
  assert !new File(basedir, 'target/paas/images.json').exists()

  // 6. A mistake in a profile: its file, line and column, and what is expected.
  assert broken.contains("${new File(basedir, 'broken.yaml').canonicalPath}:8:19: '99999' is not a port")
} finally {
  System.properties.remove('paas.it.profileServer')?.stop(0)
}
return true
