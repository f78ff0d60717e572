package dev.paas.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paas.core.PaasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which OCI runtime a step gets: the first installed of runc and crun, or the one named. */
class SandboxChoiceTest {
  @AfterEach
  void useDefault() {
    System.clearProperty(Sandbox.RUNTIME_PROPERTY);
  }

  @Test
  void theFirstInstalledRuntimeServesByDefault() throws Exception {
    assertThat(Sandbox.choose(Sandbox.Mode.AUTO).runtime()).isEqualTo("/usr/sbin/runc");
  }

  @Test
  void aNamedRuntimeServesInstead() throws Exception {
    System.setProperty(Sandbox.RUNTIME_PROPERTY, "/usr/bin/runc");
    assertThat(Sandbox.choose(Sandbox.Mode.AUTO).runtime()).isEqualTo("/usr/bin/runc");
  }

  @Test
  void aRuntimeThatIsNoExecutableByPathIsRefusedWithTheDefaults() {
    for (String name : new String[] {"crun", "/nonexistent/crun", "/etc/passwd"}) {
      System.setProperty(Sandbox.RUNTIME_PROPERTY, name);
      assertThatThrownBy(() -> Sandbox.choose(Sandbox.Mode.AUTO))
          .isInstanceOf(PaasException.class)
          .hasMessageContaining("paas.run.runtime is '" + name + "'")
          .hasMessageContaining("/usr/sbin/runc");
    }
  }
}
