package dev.paas.core.check.secrets;

import dev.paas.core.archive.ArchiveBudget;
import dev.paas.core.archive.MeteredEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * A metered archive entry (see {@link MeteredEntry}) whose read failures are marked as coming from
 * the archive of {@code owner}: an archive the scanner found inside a layer, not the layer.
 */
final class ArchiveEntryInput extends MeteredEntry {
  private final Object owner;

  /**
   * @param packed how many compressed bytes of the entry have been (or will be) consumed, for the
   *     ratio check
   * @param archive the entry's path, which a limit names
   */
  ArchiveEntryInput(
      InputStream zip, Object owner, LongSupplier packed, ArchiveBudget budget, String archive) {
    super(zip, packed, budget, archive);
    this.owner = owner;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (SourceFailure e) {
      throw e;
    } catch (IOException e) {
      throw new SourceFailure(owner, e);
    }
  }
}
