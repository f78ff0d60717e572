package dev.paas.core.check;

import dev.paas.core.PaasException;
import dev.paas.core.Setting;
import dev.paas.core.base.ImageOpener;
import dev.paas.core.check.layer.LayerFactsCache;
import dev.paas.core.image.ImageSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images a check is about ({@link ComplianceGate#open}), opened before anything else so that
 * proving their cached layers' stored bytes (hashing a base's hundred or more megabytes, the part
 * of a warm check that grows with the image) goes on while the platform profile is read, the secret
 * rules load and the official bases are read. A target that cannot be opened fails at its turn, as
 * if it were opened then.
 */
public final class OpenedTargets implements AutoCloseable {
  /** A target and its image, or why it could not be opened. */
  private record Opened(ComplianceGate.Target target, ImageSource image, PaasException failure) {}

  private final List<Opened> opened;
  private final ImageOpener opener;

  private OpenedTargets(List<Opened> opened, ImageOpener opener) {
    this.opened = opened;
    this.opener = opener;
  }

  /**
   * Opens every target and starts proving the layers this machine may hold facts for under {@code
   * factsCache}; a layer without facts is proven as it is read instead, so nothing is hashed twice.
   */
  static OpenedTargets open(
      List<ComplianceGate.Target> targets, ImageOpener opener, Path factsCache) {
    List<Opened> opened = new ArrayList<>();
    try {
      for (ComplianceGate.Target target : targets) {
        try {
          ImageSource image =
              opener.open(
                  target.reference(), "image", Setting.IMAGE.named(), "check it once online");
          opened.add(new Opened(target, image, null));
          proveAhead(image, factsCache);
        } catch (PaasException e) {
          opened.add(new Opened(target, null, e));
        }
      }
    } catch (RuntimeException e) {
      new OpenedTargets(opened, opener).close();
      throw e;
    }
    return new OpenedTargets(opened, opener);
  }

  /** What opened them: the official bases are opened by it too. */
  ImageOpener opener() {
    return opener;
  }

  int size() {
    return opened.size();
  }

  ComplianceGate.Target target(int index) {
    return opened.get(index).target();
  }

  /** The image of target {@code index}, or the error opening it raised. */
  ImageSource image(int index) throws PaasException {
    Opened target = opened.get(index);
    if (target.failure() != null) {
      throw target.failure();
    }
    return target.image();
  }

  private static void proveAhead(ImageSource image, Path factsCache) {
    try {
      List<ImageSource.StoredLayer> layers = image.storedLayers();
      for (int i = 0; i < layers.size(); i++) {
        if (LayerFactsCache.mayHold(factsCache, layers.get(i).diffId())) {
          image.proveStoredLayerAhead(i);
        }
      }
    } catch (IOException e) {
      // The check lists the layers again and reports what is wrong.
    }
  }

  @Override
  public void close() {
    for (Opened target : opened) {
      if (target.image() != null) {
        try {
          target.image().close();
        } catch (IOException e) {
          // Only read from; what was read was proven.
        }
      }
    }
  }
}
