package dev.paas.core.check.rules;

import dev.paas.core.check.finding.Finding;
import dev.paas.core.check.finding.Location;
import dev.paas.core.check.layer.InspectedImage;
import dev.paas.core.platform.Policy;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code privileged-runtime} rule: the Kubernetes manifests, Helm templates and Compose files
 * kept with the app must not ask for privileged mode, privilege escalation, uid 0, host namespaces
 * or capabilities beyond the baseline set.
 */
public final class PrivilegedRuntimeRule implements Rule {
  /** The rule's id. */
  public static final String ID = "privileged-runtime";

  /** What the rule is, as the catalogue, the reports and the docs show it. */
  public static final RuleInfo INFO =
      new RuleInfo(
          ID,
          "No privileged runtime",
          "Runtime descriptors kept with the app must not ask for privileged mode, privilege "
              + "escalation, uid 0, host namespaces or added capabilities.",
          "Remove the setting from the descriptor; run as a non-root user without extra "
              + "capabilities",
          Policy.Level.ERROR,
          false,
          "check-privileged-runtime.html",
          "no project directory");

  // Manifests are kilobytes; this keeps a stray dump from being read into memory at all.
  private static final long MAX_BYTES = Descriptor.MAX_CODE_POINTS;
  private static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.location().path())
          .thenComparingInt(f -> f.location().line())
          .thenComparingInt(f -> f.location().column())
          .thenComparing(Finding::id);

  private final Path projectDirectory;
  private final List<String> descriptorGlobs;

  /**
   * The rule over one project.
   *
   * @param projectDirectory the project's directory, which the globs are relative to
   * @param descriptorGlobs the policy's {@code runtimeDescriptors}
   */
  public PrivilegedRuntimeRule(Path projectDirectory, List<String> descriptorGlobs) {
    this.projectDirectory = projectDirectory;
    this.descriptorGlobs = List.copyOf(descriptorGlobs);
  }

  @Override
  public RuleInfo info() {
    return INFO;
  }

  /** The descriptors are the project's, the same for every image it builds. */
  @Override
  public List<Finding> check(InspectedImage image) throws IOException {
    return check();
  }

  /**
   * Every finding in every descriptor the globs match (sorted by file then position). Never throws
   * for a bad descriptor: one that cannot be read is itself a finding.
   *
   * @throws IOException if the project's directories cannot be listed
   */
  public List<Finding> check() throws IOException {
    List<Finding> findings = new ArrayList<>();
    for (DescriptorFile file : DescriptorFiles.find(projectDirectory, descriptorGlobs)) {
      check(file, findings);
    }
    findings.sort(ORDER);
    return List.copyOf(findings);
  }

  private static void check(DescriptorFile file, List<Finding> findings) {
    if (file.content().isEmpty()) {
      findings.add(
          unreadable(
              file,
              "is a symbolic link to a file outside the project, which the "
                  + "rule does not follow",
              0,
              0,
              "copy the file into the project"));
      return;
    }
    String text;
    try {
      Path content = file.content().get();
      long size = Files.size(content);
      if (size > MAX_BYTES) {
        findings.add(
            unreadable(
                file,
                "has " + size + " bytes, more than the " + MAX_BYTES + " the rule reads",
                0,
                0,
                "split it"));
        return;
      }
      text = Files.readString(content);
    } catch (CharacterCodingException e) {
      findings.add(unreadable(file, "is not UTF-8 text", 0, 0, "fix it"));
      return;
    } catch (IOException e) {
      findings.add(unreadable(file, "cannot be read: " + e, 0, 0, "fix it"));
      return;
    }
    Descriptor descriptor = Descriptor.of(file, text);
    List<Node> documents;
    try {
      documents = descriptor.documents();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      int column = mark == null ? 0 : mark.getColumn() + 1;
      String problem =
          (e.getProblem() != null ? e.getProblem() : e.getMessage())
              + (mark == null ? "" : " at " + line + ":" + column);
      findings.add(unreadable(file, "cannot be read as YAML: " + problem, line, column, "fix it"));
      return;
    } catch (YAMLException | IllegalArgumentException e) {
      findings.add(unreadable(file, "cannot be read as YAML: " + e.getMessage(), 0, 0, "fix it"));
      return;
    }
    for (Node document : documents) {
      if (KubernetesWorkloads.isObject(document)) {
        KubernetesWorkloads.check(descriptor, document, findings::add);
      } else if (ComposeServices.isComposeFile(document)) {
        ComposeServices.check(descriptor, document, findings::add);
      }
    }
  }

  private static Finding unreadable(
      DescriptorFile file, String problem, int line, int column, String remedy) {
    return Finding.of(
        ID,
        file.relativePath(),
        file.relativePath()
            + " "
            + problem
            + "; the rule cannot prove it safe \u2014 "
            + remedy
            + " or move it out of "
            + file.glob(),
        Location.inProject(file.relativePath(), line, column));
  }
}
