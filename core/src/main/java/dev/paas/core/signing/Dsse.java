package dev.paas.core.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Dead Simple Signing Envelopes (DSSE v1), as {@code cosign attest} writes them: the signature is
 * over the pre-authentication encoding of the payload type and payload, never the bare bytes.
 */
public final class Dsse {
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
  public static final String ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Dsse() {}

  /** PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in bytes. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** The envelope JSON of {@code payload}, signed with {@code key} (key id empty, as cosign). */
  static byte[] envelope(String payloadType, byte[] payload, SigningKey key) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("payloadType", payloadType);
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    envelope
        .putArray("signatures")
        .addObject()
        .put("keyid", "")
        .put("sig", Base64.getEncoder().encodeToString(key.sign(pae(payloadType, payload))));
    return CosignArtifact.bytes(envelope);
  }
}
