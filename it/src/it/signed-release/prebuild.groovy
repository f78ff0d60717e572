// Release keys made by openssl, not by the plugin: keys/release.pem (PKCS#8 P-256) with its
// keys/release.pub, keys/other.pub (a key that signed nothing), keys/damaged.pem.
def keys = new File(basedir, 'keys')
keys.mkdirs()
def openssl = { List<String> args ->
  def p = (['openssl'] + args).execute()
  def err = new StringBuilder()
  p.consumeProcessErrorStream(err)
  p.waitFor()
  assert p.exitValue() == 0 : "openssl ${args} failed: ${err}"
}
['release', 'other'].each { name ->
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', "${keys}/${name}.pem"])
  openssl(['pkey', '-in', "${keys}/${name}.pem", '-pubout', '-out', "${keys}/${name}.pub"])
}
new File(keys, 'damaged.pem').text = new File(keys, 'release.pem').text.replaceFirst('\nM', '\n!')
true
