package com.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.lang3.StringUtils;

/** Answers with what proves the deployment: a library from WEB-INF/lib, the uid, a JVM flag. */
public class HelloServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[1];
    response.setContentType("text/plain");
    response.getWriter().println(StringUtils.upperCase("hello from the war")
        + " uid=" + uid + " flag=" + System.getProperty("war.flag"));
  }
}
