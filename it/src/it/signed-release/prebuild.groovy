// Release keys made by openssl, not by the plugin: keys/release.pem (PKCS#8 P-256) with its
// keys/release.pub, keys/other.pub (a key that signed nothing), keys/damaged.pem.
def keys = new File(basedir, 'keys')
new GroovyShell(binding).parse(new File(basedir, '../it-parent/release-check.groovy')).keys(keys)
new File(keys, 'damaged.pem').text = new File(keys, 'release.pem').text.replaceFirst('\nM', '\n!')
true
