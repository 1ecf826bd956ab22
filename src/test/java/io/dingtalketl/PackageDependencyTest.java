package io.dingtalketl;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies run one way: the command line ({@code ops}) → jobs ({@code orgsync}, {@code eventsync}, {@code attendance}, {@code extract}, {@code identity}, {@code provision}; the event
 * and attendance jobs use the org sync's field mapper and run bookkeeping) → the event inbox and its transports ({@code events})
 * → the DingTalk client, and jobs → the warehouse. Shared Batch infrastructure ({@code batch}) serves jobs and the
 * command line; the simulator is started by its own configuration, uses the client only, and is used by the
 * command line (and tests) only; the run report
 * ({@code ops.report}) plugs into the job through {@code orgsync.RunPublishedListener}, which the job owns.
 * A class that adds an upward or cyclic dependency between packages fails this test.
 */
class PackageDependencyTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dingtalketl", "db.migration");

    @Test
    void dependenciesRunFromTheCommandLineThroughJobsToClientAndWarehouse() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Application").definedBy("io.dingtalketl")
                .layer("Command line").definedBy("io.dingtalketl.ops..")
                .layer("Jobs").definedBy("io.dingtalketl.orgsync..", "io.dingtalketl.eventsync..", "io.dingtalketl.attendance..",
                        "io.dingtalketl.extract..", "io.dingtalketl.identity..", "io.dingtalketl.provision..")
                .layer("Event inbox").definedBy("io.dingtalketl.events..")
                .layer("Batch infrastructure").definedBy("io.dingtalketl.batch..")
                .layer("Simulator").definedBy("io.dingtalketl.simulator..")
                .layer("Client").definedBy("io.dingtalketl.client..")
                .layer("Warehouse").definedBy("io.dingtalketl.warehouse..")
                .whereLayer("Command line").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Command line")
                .whereLayer("Batch infrastructure").mayOnlyBeAccessedByLayers("Command line", "Jobs")
                .whereLayer("Simulator").mayOnlyBeAccessedByLayers("Command line")
                .whereLayer("Event inbox").mayOnlyBeAccessedByLayers("Command line", "Jobs")
                .whereLayer("Client").mayOnlyBeAccessedByLayers("Command line", "Jobs", "Event inbox", "Simulator")
                .whereLayer("Warehouse").mayOnlyBeAccessedByLayers("Command line", "Jobs")
                .check(CLASSES);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.dingtalketl.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void warehouseAndClientKnowNoJob() {
        noClasses().that().resideInAnyPackage("io.dingtalketl.warehouse..", "io.dingtalketl.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dingtalketl.orgsync..", "io.dingtalketl.eventsync..", "io.dingtalketl.attendance..", "io.dingtalketl.identity..", "io.dingtalketl.provision..",
                        "io.dingtalketl.events..", "io.dingtalketl.ops..")
                .check(CLASSES);
    }

    @Test
    void eventsUseTheClientOnly() {
        // the inbox and its transports sit below the jobs: they know DingTalk's API, never a job, the warehouse,
        // the command line or the simulator
        noClasses().that().resideInAPackage("io.dingtalketl.events..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dingtalketl.orgsync..", "io.dingtalketl.eventsync..", "io.dingtalketl.attendance..", "io.dingtalketl.identity..", "io.dingtalketl.provision..",
                        "io.dingtalketl.ops..", "io.dingtalketl.batch..", "io.dingtalketl.warehouse..", "io.dingtalketl.simulator..")
                .check(CLASSES);
    }

    @Test
    void theSimulatorUsesTheClientOnly() {
        // it speaks DingTalk's protocol (endpoints, callback crypto) and nothing of the application
        noClasses().that().resideInAPackage("io.dingtalketl.simulator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dingtalketl.orgsync..", "io.dingtalketl.eventsync..", "io.dingtalketl.attendance..", "io.dingtalketl.identity..", "io.dingtalketl.provision..",
                        "io.dingtalketl.ops..", "io.dingtalketl.batch..", "io.dingtalketl.warehouse..", "io.dingtalketl.events..")
                .check(CLASSES);
    }

    @Test
    void migrationsCallNoApplicationCode() {
        // a migration is frozen: it must not run code that can change later
        noClasses().that().resideInAPackage("db.migration..")
                .should().dependOnClassesThat().resideInAPackage("io.dingtalketl..")
                .check(CLASSES);
    }

    /** Prints which package uses which (run with -Dtest=PackageDependencyTest to see it). */
    @Test
    void printDependencyListing() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (var javaClass : CLASSES) {
            String from = javaClass.getPackageName();
            Set<String> targets = uses.computeIfAbsent(from, p -> new TreeSet<>());
            for (Dependency d : javaClass.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (!to.equals(from) && (to.startsWith("io.dingtalketl") || to.startsWith("db.migration"))) {
                    targets.add(to);
                }
            }
        }
        System.out.println(uses.entrySet().stream()
                .map(e -> e.getKey() + " -> " + (e.getValue().isEmpty() ? "(none)" : String.join(", ", e.getValue())))
                .collect(Collectors.joining("\n", "Package dependencies:\n", "")));
    }
}
