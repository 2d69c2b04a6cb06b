package io.memfleet.aggregator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Pure cores, thin edges: the detectors are functions over a process's history and the binary
 * codecs turn values into bytes; neither knows Kafka, and detection knows nothing of the topology
 * that feeds it. Kafka serdes over the codecs live with the topology.
 */
@AnalyzeClasses(packages = "io.memfleet.aggregator", importOptions = ImportOption.DoNotIncludeTests.class)
class AggregatorArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.memfleet.aggregator.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule detectionKnowsNoKafkaAndNoTopology = noClasses()
            .that().resideInAPackage("io.memfleet.aggregator.detect..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.memfleet.aggregator.topology..",
                    "io.memfleet.aggregator.query..");

    @ArchTest
    static final ArchRule codecsKnowNoKafka = noClasses()
            .that().resideInAnyPackage("io.memfleet.aggregator.codec..", "io.memfleet.aggregator.model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.memfleet.aggregator.topology..");
}
