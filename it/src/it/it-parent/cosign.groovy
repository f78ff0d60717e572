// Signs images in the test registry as 'cosign sign --key' does, for sample projects whose
// platform publishes a public key (the base-signature rule), without a cosign binary. Makes the
// same bytes as core's CosignSigner: a simple-signing payload signed with ECDSA P-256, stored
// as the one layer of an OCI manifest tagged sha256-<hex>.sig.
// Load from prebuild.groovy or verify.groovy with either
//   def cosign = evaluate(new File(basedir, '../it-parent/cosign.groovy'))   // a map of closures
//   def cosign = new GroovyShell(binding).parse(new File(basedir, '../it-parent/cosign.groovy'))
// then: def keys = cosign.keyPair()
//       cosign.writePublicKey(keys.public, new File(basedir, 'cosign.pub'))
//       cosign.sign("${registry}/base/java17@${digest}", keys.private)

import java.security.KeyPairGenerator
import java.security.MessageDigest
import java.security.Signature
import java.security.spec.ECGenParameterSpec

/** A new ECDSA P-256 key pair, the kind 'cosign generate-key-pair' makes. */
def keyPair() {
  def generator = KeyPairGenerator.getInstance('EC')
  generator.initialize(new ECGenParameterSpec('secp256r1'))
  generator.generateKeyPair()
}

/** The public key as PEM, as in cosign.pub. */
String publicKeyPem(java.security.PublicKey key) {
  def body = Base64.getMimeEncoder(64, '\n'.bytes).encodeToString(key.encoded)
  "-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n"
}

/** Writes the public key as PEM to {@code file}; returns the file. */
File writePublicKey(java.security.PublicKey key, File file) {
  file.parentFile?.mkdirs()
  file.text = publicKeyPem(key)
  file
}

/**
 * Signs 'registry/repository@sha256:...' in a plain-HTTP registry without authentication;
 * returns the signature manifest's digest. {@code claimed} puts another digest in the payload, for
 * samples that must see a signature refused.
 */
String sign(String reference, java.security.PrivateKey key, String claimed = null) {
  def (name, digest) = reference.split('@', 2) as List
  assert digest ==~ /sha256:[0-9a-f]{64}/ : "not registry/repository@sha256:<hex>: ${reference}"
  int slash = name.indexOf('/')
  def registry = name.substring(0, slash)
  def repository = name.substring(slash + 1)

  // Written by hand, not with JsonOutput, so that the bytes are exactly cosign's (and CosignSigner's).
  byte[] payload = ('{"critical":{"identity":{"docker-reference":"' + name + '"},'
      + '"image":{"docker-manifest-digest":"' + (claimed ?: digest) + '"},'
      + '"type":"cosign container image signature"},"optional":null}').getBytes('UTF-8')
  def ecdsa = Signature.getInstance('SHA256withECDSA')
  ecdsa.initSign(key)
  ecdsa.update(payload)
  def signature = Base64.encoder.encodeToString(ecdsa.sign())

  // Shaped like the config go-containerregistry writes for cosign's one-layer image.
  byte[] config = ('{"architecture":"","created":"0001-01-01T00:00:00Z",'
      + '"history":[{"created":"0001-01-01T00:00:00Z"}],"os":"",'
      + '"rootfs":{"type":"layers","diff_ids":["' + sha256(payload) + '"]},"config":{}}')
      .getBytes('UTF-8')
  def base = "http://${registry}/v2/${repository}"
  upload(base, payload)
  upload(base, config)
  byte[] manifest = ('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",'
      + '"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":' + config.length
      + ',"digest":"' + sha256(config) + '"},'
      + '"layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":'
      + payload.length + ',"digest":"' + sha256(payload) + '",'
      + '"annotations":{"dev.cosignproject.cosign/signature":"' + signature + '"}}]}')
      .getBytes('UTF-8')
  def tag = digest.replace(':', '-') + '.sig'
  def put = exchange('PUT', new URL("${base}/manifests/${tag}"), manifest,
      'application/vnd.oci.image.manifest.v1+json')
  assert put.status == 201 : "storing the signature ${registry}/${repository}:${tag} answered ${put.status}: ${put.body}"
  put.headers['Docker-Content-Digest']?.first() ?: sha256(manifest)
}

/** 'sha256:<hex>' of the bytes. */
String sha256(byte[] bytes) {
  'sha256:' + MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
}

/** Uploads a blob in one request, as RegistryClient.uploadBlob does. */
def upload(String base, byte[] blob) {
  def start = exchange('POST', new URL("${base}/blobs/uploads/"), new byte[0], null)
  assert start.status == 202 : "starting an upload to ${base} answered ${start.status}: ${start.body}"
  def location = new URL(new URL(base), start.headers['Location'].first()).toString()
  def target = new URL(location + (location.contains('?') ? '&' : '?') + 'digest='
      + URLEncoder.encode(sha256(blob), 'UTF-8'))
  def done = exchange('PUT', target, blob, 'application/octet-stream')
  assert done.status == 201 : "uploading ${sha256(blob)} to ${base} answered ${done.status}: ${done.body}"
}

/** One HTTP request with a body; the status, headers and body of the answer. */
def exchange(String method, URL url, byte[] body, String contentType) {
  HttpURLConnection connection = (HttpURLConnection) url.openConnection()
  try {
    connection.requestMethod = method
    connection.doOutput = true
    connection.setFixedLengthStreamingMode(body.length)
    if (contentType) {
      connection.setRequestProperty('Content-Type', contentType)
    }
    connection.outputStream.withStream { it.write(body) }
    int status = connection.responseCode
    def stream = status >= 400 ? connection.errorStream : connection.inputStream
    def headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER)
    connection.headerFields.each { name, values -> if (name != null) headers[name] = values }
    [status: status, headers: headers, body: stream?.getText('UTF-8') ?: '']
  } finally {
    connection.disconnect()
  }
}

// The value of evaluate(...): the script's own methods as closures.
[keyPair: this.&keyPair, publicKeyPem: this.&publicKeyPem, writePublicKey: this.&writePublicKey,
 sign: this.&sign]
