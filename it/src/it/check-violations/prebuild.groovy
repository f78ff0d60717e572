// Writes the secrets the bad image carries (a password, a private key inside a jar inside a jar,
// a GitHub token, a zip bomb), then makes the images with umoci and skopeo (make-images.sh).
import java.security.KeyPairGenerator
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

def files = new File(basedir, 'target/files')
files.mkdirs()
new File(files, 'application.properties').text =
    "spring.datasource.url=jdbc:postgresql://db:5432/orders\nspring.datasource.password=Xq7!vR2#pL9wZe4K\n"
// Not a real token: the GitHub shape, random enough to be one.
new File(files, 'token.txt').text = 'ghp_' + 'Zk3Lm9Qw2Er5Ty8Ui1Op4As7Df0Gh6Jk2Lx'

def key = KeyPairGenerator.getInstance('RSA').with { initialize(2048); generateKeyPair() }
def pem = "-----BEGIN PRIVATE KEY-----\n" +
    Base64.getMimeEncoder(64, "\n".bytes).encodeToString(key.private.encoded) +
    "\n-----END PRIVATE KEY-----\n"

def zip = { Map<String, byte[]> entries ->
  def bytes = new ByteArrayOutputStream()
  new ZipOutputStream(bytes).withCloseable { out ->
    entries.each { name, content ->
      out.putNextEntry(new ZipEntry(name)); out.write(content); out.closeEntry()
    }
  }
  bytes.toByteArray()
}
def inner = zip(['META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n'.bytes, 'keys/signing.pem': pem.bytes])
new File(files, 'app.jar').bytes = zip([
    'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.JarLauncher\n'.bytes,
    'BOOT-INF/classes/com/example/Main.class': new byte[64],
    'BOOT-INF/lib/signing-1.0.jar': inner])

// A zip bomb: 1 GiB of zeros deflates to about 1 MiB.
new File(files, 'bomb.zip').withOutputStream { os ->
  new ZipOutputStream(os).withCloseable { out ->
    out.putNextEntry(new ZipEntry('zeros.bin'))
    def chunk = new byte[1 << 20]
    1024.times { out.write(chunk) }
    out.closeEntry()
  }
}

def cmd = ['bash', new File(basedir, 'make-images.sh').path, baseArchive,
           new File(basedir, 'target/images').path, files.path]
def p = cmd.execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
assert p.exitValue() == 0 : "make-images.sh failed: ${out}\n${err}"
return true
