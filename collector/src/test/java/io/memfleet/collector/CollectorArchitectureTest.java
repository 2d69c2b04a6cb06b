package io.memfleet.collector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** procfs parsing is a pure core (bytes in, values out), tested in microseconds without Kafka. */
@AnalyzeClasses(packages = "io.memfleet.collector", importOptions = ImportOption.DoNotIncludeTests.class)
class CollectorArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.memfleet.collector.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule procfsKnowsNoKafka = noClasses().that().resideInAPackage("io.memfleet.collector.procfs..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..");
}
