package dev.paas.core.check.secrets;

import static dev.paas.core.check.secrets.Scans.file;
import static dev.paas.core.check.secrets.Scans.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretScannerCredentialFileTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/root/.npmrc | //registry.npmjs.org/:_authToken=Zq8vrT2kLm9wXe4p",
        "/home/app/.npmrc | _auth=dXNlcjpaUTh2clQya0xt",
        "/root/.npmrc | //npm.example.com/:_password=Wm9vS2VlcGVy",
        "/root/.git-credentials | https://app:Zq8vrT2kLm9wXe4p@github.com",
        "/root/.netrc | machine example.com login app password Zq8vrT2kLm9wXe4p",
        "/root/_netrc | machine example.com\\n  login app\\n  password Zq8vrT2kLm9wXe4p",
        "/root/.docker/config.json | {\"auths\": {\"registry.example.com\": {\"auth\": \"YXBwOlpxOHZyVDJr\"}}}",
        "/root/.docker/config.json | {\"auths\": {\"r.example.com\": {\"identitytoken\": \"eyJhbGciOi.Zq8vrT2k\"}}}",
        "/root/.m2/settings.xml | <settings><servers><server><id>x</id><username>app</username><password>Zq8vrT2kLm9wXe4p</password></server></servers></settings>",
        "/usr/share/maven/conf/settings.xml | <settings>\\n<server>\\n<passphrase>Zq8vrT2kLm9wXe4p</passphrase>\\n</server></settings>",
        "/root/.pypirc | [pypi]\\nusername = __token__\\npassword = pypi-AgEIcHlwaS5vcmc",
      })
  void findsACredentialFileByNameAndContent(String path, String content) {
    List<SecretMatch> matches = file(path, content.replace("\\n", "\n") + "\n");

    assertThat(kinds(matches)).containsExactly("credential-file");
    assertThat(matches.get(0).path()).isEqualTo(path);
  }

  @Test
  void givesTheLineOfACredentialAfterAComment() {
    String settings =
        "<settings>\n<!-- an example:\n<password>repopwd</password>\n-->\n"
            + "<servers><server>\n<password>Zq8vrT2kLm9wXe4p</password>\n</server></servers>\n"
            + "</settings>\n";

    assertThat(file("/root/.m2/settings.xml", settings))
        .singleElement()
        .satisfies(m -> assertThat(m.line()).isEqualTo(6))
        .satisfies(m -> assertThat(m.redacted()).isEqualTo("Zq8v********Xe4p"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/root/.npmrc | //registry.npmjs.org/:_authToken=${NPM_TOKEN}\\nregistry=https://registry.npmjs.org/",
        "/root/.git-credentials | ''",
        "/root/.netrc | machine example.com login app",
        "/root/.docker/config.json | {\"auths\": {\"registry.example.com\": {}}, \"credsStore\": \"desktop\"}",
        "/root/.docker/config.json | {\"auths\": {\"registry.example.com\": {\"auth\": \"\"}}}",
        "/app/config.json | {\"auths\": {\"registry.example.com\": {\"auth\": \"YXBwOlpxOHZyVDJr\"}}}",
        "/root/.m2/settings.xml | <settings><servers><server><password>${env.REPO_PASSWORD}</password></server></servers></settings>",
        "/root/.m2/settings.xml | <settings><servers><server><password></password></server></servers></settings>",
        "/usr/share/maven/conf/settings.xml | <settings>\\n<!--\\n<server>\\n<password>repopwd</password>\\n</server>\\n-->\\n</settings>",
        "/root/.pypirc | [pypi]\\nusername = __token__",
      })
  void leavesCredentialFilesWithoutACredentialAlone(String path, String content) {
    assertThat(file(path, content.replace("\\n", "\n") + "\n")).isEmpty();
  }
}
