package org.openrsm.ra;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture, as rules that fail the build when code breaks them (src/docs/architecture.md): the packages
 * form layers with one-way dependencies, the connector reaches the engine only through its entry points, and the
 * engine's data layer knows nothing of the services built on it.
 */
class ArchitectureTest {
    private static JavaClasses openrsm;

    @BeforeAll
    static void importClasses() {
        openrsm = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.openrsm");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.openrsm.(*)..").should().beFreeOfCycles().check(openrsm);
    }

    @Test
    void packagesAreLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("org.openrsm.api..")
                .layer("changer").definedBy("org.openrsm.changer..")
                .layer("store").definedBy("org.openrsm.store..")
                .layer("jmx").definedBy("org.openrsm.jmx..")
                .layer("engine").definedBy("org.openrsm.engine..")
                .layer("connector").definedBy("org.openrsm.ra..")
                .whereLayer("connector").mayNotBeAccessedByAnyLayer()
                .whereLayer("engine").mayOnlyBeAccessedByLayers("connector")
                .whereLayer("store").mayOnlyBeAccessedByLayers("engine")
                .whereLayer("jmx").mayOnlyBeAccessedByLayers("engine")
                .whereLayer("changer").mayOnlyBeAccessedByLayers("engine", "connector")
                .check(openrsm);
    }

    @Test
    void theConnectorUsesOnlyTheEnginesEntryPoints() {
        noClasses().that().resideInAPackage("org.openrsm.ra..").should().dependOnClassesThat(
                resideInAPackage("org.openrsm.engine..").and(not(nameMatching(
                        "org\\.openrsm\\.engine\\.(RsmServer|TransactionBranch|TransactionBranches|StandByTransactions|StandBySessions|BranchRolledBackException|BranchPartlyCommittedException)(\\$.*)?"))))
                .check(openrsm);
    }

    @Test
    void lowerLayersKnowNothingOfJakartaConnectors() {
        noClasses().that().resideOutsideOfPackages("org.openrsm.ra..", "org.openrsm.api..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.resource.spi..").check(openrsm);
    }

    @Test
    void theEnginesDataLayerDependsOnNothingAboveIt() {
        classes().that().resideInAPackage("org.openrsm.engine.catalog..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.openrsm.api..", "org.openrsm.store..", "org.openrsm.engine.catalog..")
                .check(openrsm);
    }

    @Test
    void evictionPoliciesArePlainJava() {
        classes().that().resideInAPackage("org.openrsm.engine.eviction..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.openrsm.engine.eviction..").check(openrsm);
    }

    @Test
    void sessionsOfOtherServersReachTheEngineOnlyThroughTheApi() {
        classes().that().resideInAPackage("org.openrsm.engine.remote..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.openrsm.api..", "org.openrsm.store..", "org.openrsm.engine.remote..")
                .check(openrsm);
    }

    @Test
    void theEnginesLayersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("root").definedBy("org.openrsm.engine")
                .layer("requests").definedBy("org.openrsm.engine.requests..")
                .layer("security").definedBy("org.openrsm.engine.security..")
                .layer("catalog").definedBy("org.openrsm.engine.catalog..")
                .layer("core").definedBy("org.openrsm.engine.core..")
                .layer("eviction").definedBy("org.openrsm.engine.eviction..")
                .layer("remote").definedBy("org.openrsm.engine.remote..")
                .whereLayer("root").mayNotBeAccessedByAnyLayer()
                .whereLayer("remote").mayOnlyBeAccessedByLayers("root")
                .whereLayer("eviction").mayOnlyBeAccessedByLayers("root")
                .whereLayer("requests").mayOnlyBeAccessedByLayers("root")
                .whereLayer("security").mayOnlyBeAccessedByLayers("root")
                .whereLayer("catalog").mayOnlyBeAccessedByLayers("root", "requests", "security")
                .whereLayer("core").mayOnlyBeAccessedByLayers("root", "requests", "security", "catalog")
                .check(openrsm);
    }

    @Test
    void changerDriversStandAloneOnTheirTransports() {
        slices().matching("org.openrsm.changer.(*)..").should().beFreeOfCycles().check(openrsm);
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("org.openrsm.changer.config..")
                .layer("drivers").definedBy("org.openrsm.changer.sim..", "org.openrsm.changer.mtx..",
                        "org.openrsm.changer.smc..")
                .layer("tape").definedBy("org.openrsm.changer.tape..")
                .layer("scsi").definedBy("org.openrsm.changer.scsi..")
                .whereLayer("config").mayNotBeAccessedByAnyLayer()
                .whereLayer("drivers").mayOnlyBeAccessedByLayers("config")
                .whereLayer("tape").mayOnlyBeAccessedByLayers("drivers")
                .whereLayer("scsi").mayOnlyBeAccessedByLayers("drivers", "tape")
                .check(openrsm);
        for (String driver : new String[] {"sim", "mtx", "smc"}) {
            noClasses().that().resideInAPackage("org.openrsm.changer." + driver + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(java.util.stream.Stream.of("sim", "mtx", "smc").filter(d -> !d.equals(driver))
                            .map(d -> "org.openrsm.changer." + d + "..").toArray(String[]::new))
                    .check(openrsm);
        }
    }

    @Test
    void enginePackagesHaveNoCycles() {
        slices().matching("org.openrsm.engine.(*)..").should().beFreeOfCycles().check(openrsm);
    }
}
