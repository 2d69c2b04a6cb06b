package io.memfleet.schema;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The record contracts in layers: records and their JSON shape in {@code schema}, codecs in
 * {@code schema.codec} on top of them, Kafka serdes and topic names in {@code schema.kafka} on top of both.
 */
@AnalyzeClasses(packages = "io.memfleet.schema", importOptions = ImportOption.DoNotIncludeTests.class)
class SchemaArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.memfleet.schema.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule recordsKnowNoCodecOrKafka = noClasses().that().resideInAPackage("io.memfleet.schema")
            .should().dependOnClassesThat()
            .resideInAnyPackage("io.memfleet.schema.codec..", "io.memfleet.schema.kafka..", "org.apache.kafka..");

    @ArchTest
    static final ArchRule codecsKnowNoKafka = noClasses().that().resideInAPackage("io.memfleet.schema.codec..")
            .should().dependOnClassesThat().resideInAnyPackage("io.memfleet.schema.kafka..", "org.apache.kafka..");
}
