package dev.paas.core;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core's package structure: acyclic, the platform and the build below the check, and no Maven
 * types. jdeps shows the same edges: {@code jdeps -verbose:package core/target/classes}.
 */
@AnalyzeClasses(packages = "dev.paas.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("dev.paas.core.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule platformDoesNotDependOnTheCheck =
      noClasses()
          .that()
          .resideInAPackage("dev.paas.core.platform..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.paas.core.check..");

  @ArchTest
  static final ArchRule buildDoesNotDependOnTheCheck =
      noClasses()
          .that()
          .resideInAPackage("dev.paas.core.build..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.paas.core.check..");

  /** Maven's version ordering is a library the Maven ecosystem's advisories are compared with. */
  @ArchTest
  static final ArchRule coreHasNoMavenTypes =
      noClasses()
          .that()
          .resideInAPackage("dev.paas.core..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("org.apache.maven..")
                  .and(not(resideInAPackage("org.apache.maven.artifact.versioning"))));
}
