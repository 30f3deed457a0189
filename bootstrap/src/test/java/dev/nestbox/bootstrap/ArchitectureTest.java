package dev.nestbox.bootstrap;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The architecture diagram of ARCHITECTURE.md, as rules the build enforces. */
@AnalyzeClasses(packages = "dev.nestbox", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_depends_only_on_itself_and_the_jdk =
            classes().that().resideInAPackage("dev.nestbox.domain..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nestbox.domain..", "java..");

    @ArchTest
    static final ArchRule application_depends_only_on_the_domain_the_jdk_and_the_logging_api =
            classes().that().resideInAPackage("dev.nestbox.application..")
                    .should().onlyDependOnClassesThat()
                    .resideInAnyPackage("dev.nestbox.application..", "dev.nestbox.domain..", "java..", "org.slf4j");

    @ArchTest
    static final ArchRule the_code_logs_through_slf4j_only =
            noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..")
                    .orShould().dependOnClassesThat().haveNameMatching("java\\.lang\\.System\\$Logger.*")
                    .orShould().callMethod(System.class, "getLogger", String.class)
                    .because("one logging API puts every line in the same format, with the request id of its MDC");

    @ArchTest
    static final ArchRule adapters_do_not_know_each_other =
            slices().matching("dev.nestbox.adapters.(*)..").should().notDependOnEachOther()
                    .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage("dev.nestbox.adapters.os.."))
                    .because("adapters share only the host helpers of dev.nestbox.adapters.os");

    @ArchTest
    static final ArchRule the_shared_host_helpers_depend_only_on_the_jdk =
            classes().that().resideInAPackage("dev.nestbox.adapters.os..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nestbox.adapters.os..", "java..");

    @ArchTest
    static final ArchRule the_admin_console_does_not_know_the_adapters =
            noClasses().that().resideInAPackage("dev.nestbox.console..")
                    .should().dependOnClassesThat().resideInAPackage("dev.nestbox.adapters..");

    @ArchTest
    static final ArchRule only_bootstrap_wires_adapters_to_the_application =
            noClasses().that().resideOutsideOfPackages("dev.nestbox.bootstrap..", "dev.nestbox.adapters..")
                    .should().dependOnClassesThat().resideInAPackage("dev.nestbox.adapters..");

    @ArchTest
    static final ArchRule nothing_depends_on_bootstrap =
            noClasses().that().resideOutsideOfPackage("dev.nestbox.bootstrap..")
                    .should().dependOnClassesThat().resideInAPackage("dev.nestbox.bootstrap..");

    @ArchTest
    static final ArchRule inbound_adapters_use_only_inbound_ports_of_the_application =
            noClasses().that().resideInAPackage("dev.nestbox.adapters.rest..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.nestbox.application.service..", "dev.nestbox.application.provisioning..")
                    .because("REST resources call use cases through their inbound ports only");
}
