package io.memfleet.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Every module's main classes at once (this module depends on all of them, the cli only for this
 * test): no package cycles anywhere, and nothing ships depending on the benchmarks. The rules of
 * one module's own layers are tested in that module (SchemaArchitectureTest, ...).
 */
@AnalyzeClasses(packages = "io.memfleet", importOptions = ImportOption.DoNotIncludeTests.class)
class ProjectArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.memfleet.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule servicesDoNotUseTheBenchmarks = noClasses().that().resideOutsideOfPackage("io.memfleet.bench..")
            .should().dependOnClassesThat().resideInAPackage("io.memfleet.bench..");
}
