package io.ledgergossip;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of DESIGN.md and STYLE.md that must hold without anyone remembering them: layers only
 * point down, each third-party engine stays in its one package, protocol code has no wall clock
 * and no sleep.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ledgergossip");
    }

    @Test
    void lowerLayersDoNotDependOnHigherOnes() {
        rule(noClasses().that().resideInAnyPackage("..util..", "..ledger..", "..store..")
                .should().dependOnClassesThat().resideInAnyPackage("..cli..", "..fixture..", "..node..",
                        "..dissemination..", "..topology..", "..membership..", "..transport.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.ledger..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.store.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.util..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.ledger..", "io.ledgergossip.store.."));
    }

    @Test
    void protocolLayersPointDownOnly() {
        rule(noClasses().that().resideInAnyPackage("io.ledgergossip.wire..", "io.ledgergossip.identity..", "io.ledgergossip.time..",
                "io.ledgergossip.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.transport..", "io.ledgergossip.membership..",
                        "io.ledgergossip.topology..", "io.ledgergossip.dissemination..", "io.ledgergossip.node..",
                        "io.ledgergossip.fixture..", "io.ledgergossip.cli.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.transport..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.membership..", "io.ledgergossip.topology..",
                        "io.ledgergossip.dissemination..", "io.ledgergossip.node..", "io.ledgergossip.fixture..", "io.ledgergossip.cli.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.membership..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.topology..", "io.ledgergossip.dissemination..",
                        "io.ledgergossip.node..", "io.ledgergossip.fixture..", "io.ledgergossip.cli.."));
        rule(noClasses().that().resideInAnyPackage("io.ledgergossip.topology..", "io.ledgergossip.dissemination..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.node..", "io.ledgergossip.fixture..",
                        "io.ledgergossip.cli.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.topology..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.dissemination.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.dissemination..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.topology.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.node..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.fixture..", "io.ledgergossip.cli.."));
        // the Deliver client is a block source beside the node: it sees blocks, never the gossip layers above them
        rule(noClasses().that().resideInAPackage("io.ledgergossip.orderer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.node..", "io.ledgergossip.membership..",
                        "io.ledgergossip.topology..", "io.ledgergossip.fixture..", "io.ledgergossip.cli.."));
        rule(noClasses().that().resideInAnyPackage("io.ledgergossip.wire..", "io.ledgergossip.identity..", "io.ledgergossip.ledger..",
                "io.ledgergossip.store..", "io.ledgergossip.transport..", "io.ledgergossip.membership..", "io.ledgergossip.topology..",
                "io.ledgergossip.dissemination..", "io.ledgergossip.node..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.orderer.."));
        // the operations endpoint sits on a node and is used only by the command line
        rule(noClasses().that().resideOutsideOfPackages("io.ledgergossip.ops..", "io.ledgergossip.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.ops.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.ops..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.cli..", "io.ledgergossip.bench..",
                        "io.ledgergossip.fixture.."));
        // the repair of damaged Fabric ledgers sits beside the benchmarks: below the command line, above the protocol layers
        // it borrows (transport, ledger, identity, the orderer's trust, block signatures), never a whole node
        rule(noClasses().that().resideOutsideOfPackages("io.ledgergossip.recovery..", "io.ledgergossip.bench..", "io.ledgergossip.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.recovery.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.recovery..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ledgergossip.node..", "io.ledgergossip.membership..",
                        "io.ledgergossip.topology..", "io.ledgergossip.fixture..", "io.ledgergossip.cli..", "io.ledgergossip.bench..",
                        "io.ledgergossip.ops.."));
        // benchmarks and the simulator sit on top of everything but the command line
        rule(noClasses().that().resideOutsideOfPackages("io.ledgergossip.bench..", "io.ledgergossip.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.bench.."));
        rule(noClasses().that().resideInAPackage("io.ledgergossip.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgergossip.cli.."));
    }

    @Test
    void rocksDbStaysInTheRocksDbStore() {
        rule(noClasses().that().resideOutsideOfPackage("io.ledgergossip.store.rocksdb..")
                .should().dependOnClassesThat().resideInAPackage("org.rocksdb.."));
    }

    @Test
    void nettyStaysInTheNettyTransport() {
        rule(noClasses().that().resideOutsideOfPackages("io.ledgergossip.transport.netty..", "io.ledgergossip.ops.http..")
                .should().dependOnClassesThat().resideInAPackage("io.netty.."));
    }

    @Test
    void bouncyCastleStaysInIdentityExceptAsn1ForBlockHashes() {
        rule(noClasses().that().resideOutsideOfPackage("io.ledgergossip.identity..")
                .and().resideOutsideOfPackage("io.ledgergossip.ledger..")
                .should().dependOnClassesThat().resideInAPackage("org.bouncycastle.."));
        // Fabric's header hash is defined over ASN.1 DER: the ledger may encode ASN.1, nothing more
        rule(noClasses().that().resideInAPackage("io.ledgergossip.ledger..")
                .should().dependOnClassesThat(resideInAPackage("org.bouncycastle..")
                        .and(not(resideInAPackage("org.bouncycastle.asn1..")))));
    }

    @Test
    void protocolCodeNeitherReadsTheWallClockNorSleeps() {
        String[] protocol = {"io.ledgergossip.util..", "io.ledgergossip.ledger..", "io.ledgergossip.store..",
            "io.ledgergossip.membership..", "io.ledgergossip.dissemination..", "io.ledgergossip.topology..",
            "io.ledgergossip.transport..", "io.ledgergossip.node.."};
        rule(noClasses().that().resideInAnyPackage(protocol)
                .should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC"));
    }

    private static void rule(ArchRule rule) {
        rule.allowEmptyShould(true).check(classes);
    }
}
