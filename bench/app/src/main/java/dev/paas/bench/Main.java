package dev.paas.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Joiner;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.commons.lang3.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The benchmark's sample app: touches each dependency so the image is a realistic one. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/bench-app.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    String greeting = StringUtils.defaultIfBlank(properties.getProperty("greeting"), "hello");
    var body = ImmutableMap.of("greeting", greeting, "args", Joiner.on(' ').join(args));
    LOG.info("{}", new ObjectMapper().writeValueAsString(body));
  }
}
