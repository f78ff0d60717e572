package dev.paas.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test registry itself: it runs, answers, stops, and fails loudly where it cannot run. */
class TestRegistryTest {
  @Test
  void startsAnswersAndStops() throws Exception {
    int port;
    Path storage;
    try (TestRegistry registry = TestRegistry.started()) {
      assertThat(registry.host()).matches("127\\.0\\.0\\.1:\\d+");
      port = Integer.parseInt(registry.host().substring("127.0.0.1:".length()));
      storage = registry.storage();
      assertThat(registry.request("GET", "/v2/").statusCode()).isEqualTo(200);
      assertThat(registry.getManifest("nothing/here", "1").statusCode()).isEqualTo(404);
    }
    assertThat(connects(port)).as("port " + port + " closed after close()").isFalse();
    assertThat(storage).doesNotExist();
  }

  @Test
  void aMissingBinaryFailsWithTheInstallCommand(@TempDir Path emptyDir) {
    TestRegistry registry = new TestRegistry(false, emptyDir.toString());

    assertThatThrownBy(registry::start)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("docker-registry is not on the PATH")
        .hasMessageContaining("apt-get install docker-registry");
  }

  @Test
  void aSelfSignedTlsRegistryAnswersOverHttps() {
    try (TestRegistry registry = TestRegistry.withSelfSignedTls()) {
      registry.start();

      assertThat(registry.baseUri().getScheme()).isEqualTo("https");
      assertThat(registry.request("GET", "/v2/").statusCode()).isEqualTo(200);
    }
  }

  private static boolean connects(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
