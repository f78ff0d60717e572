// The platform's profile names the test registry's java17 as the official base.
new File(basedir, 'platform.yaml').text = new File(basedir, 'platform.yaml.in').text.replace('@REGISTRY@', registry)
// Release keys made by openssl, for paas:push's signature of the checked OCI tar.
new GroovyShell(binding).parse(new File(basedir, '../it-parent/release-check.groovy')).keys(new File(basedir, 'keys'))
return true
