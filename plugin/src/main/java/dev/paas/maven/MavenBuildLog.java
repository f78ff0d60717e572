package dev.paas.maven;

import dev.paas.core.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** The engine's log, written to Maven's, with the settings it names in this plugin's words. */
final class MavenBuildLog implements BuildLog {
  private final Log log;

  MavenBuildLog(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(MavenSettingWords.WORDS.word(message));
  }

  @Override
  public void warn(String message) {
    log.warn(MavenSettingWords.WORDS.word(message));
  }

  @Override
  public void debug(String message) {
    log.debug(MavenSettingWords.WORDS.word(message));
  }
}
