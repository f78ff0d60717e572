package dev.paas.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An image's config and layers, whatever holds them: a registry, an OCI layout or archive, a
 * docker archive. Layers are read as they are stored, compressed or not.
 */
public interface ImageSource extends AutoCloseable {
  /** A layer as stored: its uncompressed digest and its stored size. */
  record StoredLayer(String diffId, long size) {}

  /** The digest that identifies the image (the manifest's; a docker archive's config's). */
  String digest();

  /** The exact bytes of the image's config. */
  byte[] configBytes();

  /** The layers, lowest first. */
  List<StoredLayer> storedLayers() throws IOException;

  /** Opens layer {@code index} as stored. */
  InputStream openStoredLayer(int index) throws IOException;

  @Override
  void close() throws IOException;
}
