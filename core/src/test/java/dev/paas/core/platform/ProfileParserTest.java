package dev.paas.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.core.PaasException;
import dev.paas.core.check.rules.RuleCatalogue;
import dev.paas.core.run.OsFamily;
import dev.paas.core.run.RunNetwork;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProfileParserTest {
  private static final String SOURCE = "platform.yaml";

  private static PlatformProfile parse(String text) throws PaasException {
    return ProfileParser.parse(text, SOURCE, PlatformProfiles.embedded());
  }

  private static String error(String text) {
    try {
      PlatformProfile profile = parse(text);
      throw new AssertionError("expected the profile to be rejected, but it parsed: " + profile);
    } catch (PaasException e) {
      return e.getMessage();
    }
  }

  // ---- the embedded default ----

  @Test
  void theSandboxNetworkIsIsolatedUnlessTheProfileChoosesAnother() throws PaasException {
    assertThat(PlatformProfiles.embedded().sandbox().network()).isEqualTo(RunNetwork.ISOLATED);
    assertThat(parse("schemaVersion: 1\nsandbox:\n  network: none\n").sandbox().network())
        .isEqualTo(RunNetwork.NONE);
    assertThat(parse("schemaVersion: 1\nsandbox:\n  network: host\n").sandbox().network())
        .isEqualTo(RunNetwork.HOST);
    assertThat(parse("schemaVersion: 1\nname: x\n").sandbox().network())
        .isEqualTo(RunNetwork.ISOLATED);
    assertThat(error("schemaVersion: 1\nsandbox:\n  network: bridge\n"))
        .contains("'bridge' is not a sandbox network: use isolated")
        .contains("platform.yaml");
    assertThat(error("schemaVersion: 1\nsandbox:\n  netwrok: none\n")).contains("netwrok");
  }

  @Test
  void theCacheSectionNamesTheFleetCacheAndCanMakeARunnerReadOnly() throws PaasException {
    assertThat(PlatformProfiles.embedded().cache()).isEqualTo(PlatformProfile.CachePolicy.NONE);
    PlatformProfile shared =
        parse("schemaVersion: 1\ncache:\n  repository: registry.example.com:5000/paas/cache\n");
    assertThat(shared.cache().repository()).contains("registry.example.com:5000/paas/cache");
    assertThat(shared.cache().push()).isTrue();
    // A team's layer over the platform's keeps the repository and may only set push.
    PlatformProfile readOnly =
        ProfileParser.parse("schemaVersion: 1\ncache:\n  push: false\n", "team.yaml", shared);
    assertThat(readOnly.cache())
        .isEqualTo(
            new PlatformProfile.CachePolicy(
                Optional.of("registry.example.com:5000/paas/cache"), false));
    assertThat(error("schemaVersion: 1\ncache:\n  repository: registry.example.com/cache:latest\n"))
        .contains("is not a cache repository: write REGISTRY/REPOSITORY")
        .contains("platform.yaml");
    assertThat(error("schemaVersion: 1\ncache:\n  repository: cache\n"))
        .contains("REGISTRY/REPOSITORY");
    assertThat(error("schemaVersion: 1\ncache:\n  pushh: false\n")).contains("pushh");
  }

  @Test
  void embeddedWgetHasARunScriptPerOsFamily() throws PaasException {
    PlatformProfile embedded = PlatformProfiles.embedded();

    Offer wget = embedded.options().get("wget");
    assertThat(wget).isNotNull();
    assertThat(wget.kind()).isEqualTo(Offer.Kind.OPTION);
    assertThat(wget.run()).containsOnlyKeys(OsFamily.DEBIAN, OsFamily.RHEL, OsFamily.ALPINE);
    assertThat(wget.run().get(OsFamily.DEBIAN))
        .contains("apt-get install -y --no-install-recommends wget");
    assertThat(wget.run().get(OsFamily.RHEL)).contains("microdnf install -y wget");
    assertThat(wget.run().get(OsFamily.ALPINE)).isEqualTo("apk add --no-cache wget");
    assertThat(embedded.source()).isEqualTo("embedded default profile");
    assertThat(embedded.name()).isEqualTo("paas-default");
    assertThat(embedded.officialImages()).isEmpty();
  }

  @Test
  void embeddedJacocoServiceHasItsArtifactPortAndAgentFlag() throws PaasException {
    PlatformProfile embedded = PlatformProfiles.embedded();

    Offer jacoco = embedded.services().get("jacoco");
    assertThat(jacoco).isNotNull();
    assertThat(jacoco.kind()).isEqualTo(Offer.Kind.SERVICE);
    assertThat(jacoco.artifact()).contains("org.jacoco:org.jacoco.agent:0.8.15:jar:runtime");
    assertThat(jacoco.ports()).containsExactly("6300");
    assertThat(jacoco.jvmFlags())
        .anySatisfy(flag -> assertThat(flag).startsWith("-javaagent:${artifact}"));
    assertThat(jacoco.scripts()).containsOnlyKeys("dump", "reset");
    assertThat(embedded.services()).containsKey("prometheus-jmx");
    assertThat(embedded.services().get("prometheus-jmx").artifact())
        .contains("io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1");
  }

  @Test
  void embeddedPolicyHasEveryRuleAtError() throws PaasException {
    Policy policy = PlatformProfiles.embedded().policy();

    assertThat(policy.levels()).containsOnlyKeys(RuleCatalogue.IDS);
    assertThat(policy.levels().values()).containsOnly(Policy.Level.ERROR);
    assertThat(policy.severity()).isEqualTo(Policy.Severity.HIGH);
    assertThat(policy.protectedPaths()).contains("/bin", "/etc/shadow");
  }

  // ---- layering ----

  private static final String LAYER =
      """
      schemaVersion: 1
      officialImages:
        - name: java21
          repository: registry.example/base/java21
          tags: ["21.0.4", "21"]
          default: true
      options:
        wget:
          description: wget from the platform mirror
          run: curl -fsSL https://mirror.example/wget.sh | sh
        curl:
          description: curl, for health checks
          run:
            debian: apt-get install -y curl
      policy:
        rules:
          setuid: warn
      """;

  @Test
  void aLayerReplacesAnOptionByName() throws PaasException {
    PlatformProfile profile = parse(LAYER);

    Offer wget = profile.options().get("wget");
    assertThat(wget.description()).isEqualTo("wget from the platform mirror");
    assertThat(wget.run())
        .isEqualTo(Map.of(OsFamily.UNKNOWN, "curl -fsSL https://mirror.example/wget.sh | sh"));
  }

  @Test
  void aLayerAddsNewOptionsAndKeepsTheOthersInOrder() throws PaasException {
    PlatformProfile profile = parse(LAYER);

    assertThat(profile.options().keySet()).containsExactly("wget", "heap-dump", "utf8", "curl");
    assertThat(profile.options().get("curl").run())
        .isEqualTo(Map.of(OsFamily.DEBIAN, "apt-get install -y curl"));
    assertThat(profile.options().get("heap-dump").jvmFlags())
        .containsExactly("-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=/tmp");
  }

  @Test
  void aLayerSetsOneRuleAndKeepsTheOtherLevels() throws PaasException {
    Policy policy = parse(LAYER).policy();

    assertThat(policy.level("setuid")).isEqualTo(Policy.Level.WARN);
    assertThat(policy.levels()).containsOnlyKeys(RuleCatalogue.IDS);
    for (String rule : RuleCatalogue.IDS) {
      if (!rule.equals("setuid")) {
        assertThat(policy.level(rule)).as(rule).isEqualTo(Policy.Level.ERROR);
      }
    }
  }

  @Test
  void aLayerKeepsWhatItLeavesOut() throws PaasException {
    PlatformProfile embedded = PlatformProfiles.embedded();
    PlatformProfile profile = parse(LAYER);

    assertThat(profile.services().keySet()).containsExactly("jacoco", "prometheus-jmx");
    assertThat(profile.services().get("jacoco")).isEqualTo(embedded.services().get("jacoco"));
    assertThat(profile.name()).isEqualTo("paas-default");
    assertThat(profile.source()).isEqualTo(SOURCE);
    assertThat(profile.policy().severity()).isEqualTo(embedded.policy().severity());
    assertThat(profile.policy().protectedPaths()).isEqualTo(embedded.policy().protectedPaths());
    assertThat(profile.policy().runtimeDescriptors())
        .isEqualTo(embedded.policy().runtimeDescriptors());
    assertThat(profile.advisories()).isEqualTo(embedded.advisories());
  }

  @Test
  void aLayerReplacesTheOfficialImagesAsAWhole() throws PaasException {
    PlatformProfile profile = parse(LAYER);

    assertThat(profile.officialImages())
        .containsExactly(
            new OfficialImage(
                "java21", "registry.example/base/java21", List.of("21.0.4", "21"), true));
    assertThat(profile.officialImages().get(0).defaultReference())
        .isEqualTo("registry.example/base/java21:21.0.4");

    PlatformProfile over =
        ProfileParser.parse(
            """
        schemaVersion: 1
        officialImages:
          - name: java17
            repository: registry.example/base/java17
        """,
            "second.yaml",
            profile);
    assertThat(over.officialImages())
        .containsExactly(
            new OfficialImage("java17", "registry.example/base/java17", List.of(), false));
    assertThat(over.options()).containsKey("curl");
    assertThat(over.policy().level("setuid")).isEqualTo(Policy.Level.WARN);

    PlatformProfile none =
        ProfileParser.parse("schemaVersion: 1\nofficialImages: []\n", "third.yaml", profile);
    assertThat(none.officialImages()).isEmpty();
  }

  // ---- errors, each located as source:line:column ----

  @Test
  void unknownTopLevelKeySuggestsTheNearestOne() {
    String message =
        error(
            """
        schemaVersion: 1
        optoins:
          wget:
            description: x
        """);

    assertThat(message)
        .startsWith(SOURCE + ":2:1: unknown key 'optoins' in the platform profile.")
        .contains("Did you mean 'options'?");
  }

  @Test
  void unknownKeyInAnOptionSuggestsTheNearestOne() {
    String message =
        error(
            """
        schemaVersion: 1
        options:
          curl:
            descripton: curl
        """);

    assertThat(message)
        .startsWith(SOURCE + ":4:5: unknown key 'descripton' in the option 'curl'.")
        .contains("Did you mean 'description'?");
  }

  @Test
  void missingSchemaVersionIsReportedWhereTheProfileStarts() {
    String message =
        error(
            """
        # the platform's profile
        name: mine
        """);

    assertThat(message)
        .startsWith(SOURCE + ":2:1: 'schemaVersion' is missing")
        .contains("schemaVersion: 1");
  }

  @Test
  void schemaVersionTwoIsNotRead() {
    String message =
        error(
            """
        schemaVersion: 2
        name: future
        """);

    assertThat(message)
        .startsWith(SOURCE + ":1:16: schemaVersion 2 is not one this plugin reads")
        .contains("reads schema version 1");
  }

  @Test
  void invalidYamlNamesTheLine() {
    String message =
        error(
            """
        schemaVersion: 1
        options: [wget, curl
        """);

    assertThat(message)
        .matches("(?s)" + Pattern.quote(SOURCE) + ":3:1: this is not valid YAML: .*")
        .contains("flow sequence");
  }

  @Test
  void aListWhereAMappingIsExpectedSaysWhatWasFound() {
    String message =
        error(
            """
        schemaVersion: 1
        options:
          - wget
        """);

    assertThat(message)
        .startsWith(
            SOURCE + ":3:3: expected a mapping (key: value lines) for options, found a list");
  }

  @Test
  void aTopLevelListIsNotAProfile() {
    assertThat(error("- schemaVersion: 1\n"))
        .startsWith(
            SOURCE
                + ":1:1: expected a mapping (key: value lines) for the platform profile, found a list");
  }

  @Test
  void aPortAboveTheRangeIsRejected() {
    String message =
        error(
            """
        schemaVersion: 1
        options:
          debug-port:
            description: opens a port
            ports:
              - 70000
        """);

    assertThat(message).startsWith(SOURCE + ":6:9: '70000' is not a port").contains("1 to 65535");
  }

  @Test
  void aModeThatIsNotOctalIsRejected() {
    String message =
        error(
            """
        schemaVersion: 1
        options:
          motd:
            description: a message of the day
            files:
              - path: /etc/motd
                content: hello
                mode: "999"
        """);

    assertThat(message).startsWith(SOURCE + ":8:15: '999' is not a file mode").contains("octal");
  }

  @Test
  void aModeInQuotesIsReadAsOctal() throws PaasException {
    PlatformProfile profile =
        parse(
            """
        schemaVersion: 1
        options:
          motd:
            description: a message of the day
            files:
              - path: /etc/motd
                content: hello
                mode: "0755"
        """);

    assertThat(profile.options().get("motd").files())
        .containsExactly(new ImageFile("/etc/motd", "hello", 0755));
  }

  @Test
  void anUnknownPlaceholderInAServiceFlagIsRejected() {
    String message =
        error(
            """
        schemaVersion: 1
        services:
          agent:
            description: an agent
            artifact: com.example:agent:1.0
            jvmFlags:
              - -javaagent:${foo}
        """);

    assertThat(message)
        .startsWith(SOURCE + ":7:9: '${foo}' is not a placeholder this plugin fills in")
        .contains("${artifact}", "${dir}");
  }

  @Test
  void anOptionMayNotUseTheArtifactPlaceholder() {
    String message =
        error(
            """
        schemaVersion: 1
        options:
          agent:
            description: an agent
            jvmFlags:
              - -javaagent:${artifact}
        """);

    assertThat(message)
        .startsWith(SOURCE + ":6:9: '${artifact}' is not a placeholder this plugin fills in")
        .contains("options have no placeholders");
  }

  @Test
  void anUnknownRuleIdSuggestsTheNearestOne() {
    String message =
        error(
            """
        schemaVersion: 1
        policy:
          rules:
            secret: warn
        """);

    assertThat(message)
        .startsWith(SOURCE + ":4:5: 'secret' is not a rule id.")
        .contains("Did you mean 'secrets'?");
  }

  @Test
  void baseInheritanceIsMandatory() {
    String message =
        error(
            """
        schemaVersion: 1
        policy:
          rules:
            base-inheritance: warn
        """);

    assertThat(message)
        .startsWith(SOURCE + ":4:23: 'base-inheritance' is mandatory")
        .contains("always error");
  }

  @Test
  void allowedSecretsAreFingerprints() throws PaasException {
    assertThat(
            ProfileParser.parse(
                    """
        schemaVersion: 1
        policy:
          allowedSecrets: [0123456789abcdef]
        """,
                    SOURCE,
                    PlatformProfiles.embedded())
                .policy()
                .allowedSecrets())
        .containsExactly("0123456789abcdef");
    assertThat(
            error(
                """
        schemaVersion: 1
        policy:
          allowedSecrets: [hunter2]
        """))
        .startsWith(SOURCE + ":3:20: 'hunter2' is not a secret's fingerprint");
  }

  @Test
  void aPublicKeyMustBeAnEcdsaP256Key() throws Exception {
    var rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----";
    String message =
        error(
            "schemaVersion: 1\npolicy:\n  publicKey: |\n    " + pem.replace("\n", "\n    ") + "\n");
    assertThat(message).startsWith(SOURCE + ":3:14:").contains("RSA").contains("P-256");
  }

  @Test
  void aDuplicateKeyIsRejected() {
    String message =
        error(
            """
        schemaVersion: 1
        options:
          wget:
            description: one
          wget:
            description: two
        """);

    assertThat(message).isEqualTo(SOURCE + ":5:3: 'wget' appears twice in options");
  }

  @Test
  void aServiceWithoutArtifactIsRejected() {
    String message =
        error(
            """
        schemaVersion: 1
        services:
          agent:
            description: an agent
        """);

    assertThat(message)
        .startsWith(SOURCE + ":4:5: the service 'agent' has no 'artifact'")
        .contains("groupId:artifactId:version");
  }

  @Test
  void aServiceHasNoRunKey() {
    String message =
        error(
            """
        schemaVersion: 1
        services:
          agent:
            description: an agent
            artifact: com.example:agent:1.0
            run: echo hi
        """);

    assertThat(message)
        .startsWith(SOURCE + ":6:5: unknown key 'run' in the service 'agent'.")
        .contains("Expected: description, environments, artifact");
  }

  @Test
  void javaToolOptionsIsNotAnEnvironmentVariableAnOfferMaySet() {
    String message =
        error(
            """
        schemaVersion: 1
        options:
          tuned:
            description: tuned
            env:
              JAVA_TOOL_OPTIONS: -Xmx1g
        """);

    assertThat(message)
        .startsWith(SOURCE + ":6:7: set JVM flags with 'jvmFlags', not JAVA_TOOL_OPTIONS");
  }

  @Test
  void anOfficialImageRepositoryWithATagIsRejected() {
    String message =
        error(
            """
        schemaVersion: 1
        officialImages:
          - name: java17
            repository: registry.example/base/java17:17
        """);

    assertThat(message)
        .startsWith(SOURCE + ":4:17: 'registry.example/base/java17:17' has a tag or digest");
  }

  @Test
  void onlyOneOfficialImageIsTheDefault() {
    String message =
        error(
            """
        schemaVersion: 1
        officialImages:
          - name: java17
            repository: registry.example/base/java17
            default: true
          - name: java21
            repository: registry.example/base/java21
            default: true
        """);

    assertThat(message).startsWith(SOURCE + ":8:14: only one official image can be the default");
  }

  @Test
  void aProfileOverTheSizeLimitIsRejectedBeforeParsing() {
    String text = "schemaVersion: 1\n# " + "x".repeat(ProfileParser.MAX_CHARACTERS) + "\n";

    String message = error(text);

    assertThat(message)
        .isEqualTo(
            SOURCE
                + ": a platform profile may have at most "
                + ProfileParser.MAX_CHARACTERS
                + " characters; this one has "
                + text.length());
  }

  @Test
  void anEmptyDocumentAsksForTheSchemaVersion() {
    assertThat(error(""))
        .isEqualTo(
            SOURCE + ": the platform profile is empty; it needs at least 'schemaVersion: 1'");
    assertThat(error("# nothing but a comment\n"))
        .isEqualTo(
            SOURCE + ": the platform profile is empty; it needs at least 'schemaVersion: 1'");
  }

  @Test
  void trueAndFalseAreReadAsBooleans() throws PaasException {
    PlatformProfile profile =
        parse(
            """
        schemaVersion: 1
        officialImages:
          - name: java17
            repository: registry.example/base/java17
            default: false
          - name: java21
            repository: registry.example/base/java21
            default: true
        advisories:
          osvApi: true
        """);

    assertThat(profile.officialImages())
        .extracting(OfficialImage::isDefault)
        .containsExactly(false, true);
    assertThat(profile.advisories().osvApi()).isTrue();
  }

  @Test
  void yesAndOnAreTrueAsYamlResolvesThem() throws PaasException {
    PlatformProfile profile =
        parse(
            """
        schemaVersion: 1
        officialImages:
          - name: java21
            repository: registry.example/base/java21
            default: yes
        advisories:
          osvApi: on
        """);

    assertThat(profile.officialImages().get(0).isDefault()).isTrue();
    assertThat(profile.advisories().osvApi()).isTrue();
  }

  @Test
  void aNameWithNoValueRemovesTheInheritedOfferAndATypoIsCaught() throws PaasException {
    PlatformProfile profile =
        parse(
            """
        schemaVersion: 1
        options:
          wget: ~
        services:
          prometheus-jmx:
        """);

    assertThat(profile.options()).doesNotContainKey("wget").containsKeys("heap-dump", "utf8");
    assertThat(profile.services()).containsOnlyKeys("jacoco");
    assertThat(
            error(
                """
        schemaVersion: 1
        options:
          wegt: ~
        """))
        .startsWith(
            "platform.yaml:3:3: 'wegt:' with no value removes an inherited option, but "
                + "the profile below offers none of that name. Did you mean 'wget'?");
  }

  @Test
  void theLabelsThePluginSetsCannotBeSetByAProfile() {
    assertThat(
            error(
                """
        schemaVersion: 1
        options:
          base:
            description: claims another base
            labels:
              org.opencontainers.image.base.digest: sha256:0
        """))
        .startsWith(
            "platform.yaml:6:7: the label org.opencontainers.image.base.digest is set by the plugin itself");
  }

  @Test
  void runScriptsAndVariablesKeepTheOrderTheyAreWrittenIn() throws PaasException {
    PlatformProfile profile =
        parse(
            """
        schemaVersion: 1
        options:
          ordered:
            description: order
            run: {alpine: a, debian: d, rhel: r}
            env: {Z: "1", A: "2", M: "3"}
            labels: {z.label: "1", a.label: "2"}
        """);
    Offer ordered = profile.options().get("ordered");

    assertThat(ordered.run().keySet())
        .containsExactly(OsFamily.ALPINE, OsFamily.DEBIAN, OsFamily.RHEL);
    assertThat(ordered.env().keySet()).containsExactly("Z", "A", "M");
    assertThat(ordered.labels().keySet()).containsExactly("z.label", "a.label");
  }

  @Test
  void theEmbeddedPackageCommandsStopAtTheFirstFailure() throws PaasException {
    Offer wget = PlatformProfiles.embedded().options().get("wget");

    assertThat(wget.run().get(OsFamily.DEBIAN)).startsWith("set -e\n");
    assertThat(wget.run().get(OsFamily.RHEL)).startsWith("set -e\n");
  }

  @Test
  void anAliasBombIsRefusedBeforeItExpands() {
    StringBuilder text =
        new StringBuilder(
            "schemaVersion: 1\nname: bomb\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      text.append("x").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        text.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      text.append("]\n");
    }
    assertThat(error(text.toString()))
        .startsWith(SOURCE + ":")
        .contains("this is not valid YAML")
        .containsIgnoringCase("alias");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "schemaVersion: 1\nname: " + "[".repeat(200) + "]".repeat(200) + "\n";
    assertThat(error(deep)).startsWith(SOURCE + ":").contains("this is not valid YAML");
  }
}
