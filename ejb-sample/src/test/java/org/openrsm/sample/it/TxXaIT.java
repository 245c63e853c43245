package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openrsm.api.RsmException;
import org.openrsm.sample.ArchiveReceipt;
import org.openrsm.sample.DuplicateDocumentException;

/**
 * DESIGN.md §6 in a real Liberty with its transaction manager, XATransaction ({@code eis/openrsm}): for
 * container- and bean-managed demarcation, the exact sequence of engine actions and transaction outcomes of the
 * branch (the engine's history, read through the {@code org.openrsm:type=Transactions} MXBean), what other
 * sessions see, and where the media are; two-phase commit with the sample's XA database; rights; concurrency.
 */
@ExtendWith(ArquillianExtension.class)
class TxXaIT {
    @Deployment
    static WebArchive deployment() {
        return TxDeployments.archive("tx-xa.war", TxXaIT.class);
    }

    @EJB
    private TxBean tx;
    @EJB
    private TxBmtBean bmt;
    @EJB
    private Inspector inspector;
    @EJB
    private StressBean stress;

    // ---- XATransaction, container-managed

    @Test
    void xaCommitMakesTheAllocationEveryonesAndDismountsAfterTheCommit() throws Exception {
        TxBean.Work w = tx.allocateMountDismount("xa", false);
        String b = w.barCode();
        // the only resource in the transaction: the transaction manager commits it in one phase
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + b + ", mount " + b + ", dismount (at commit), commit");
        assertThat(inspector.visible(w.medium())).isTrue();
        assertThat(tx.drive(w.drive())).isEqualTo(w.drive() + " DISMOUNTABLE " + b + " null");
    }

    @Test
    void xaSetRollbackOnlyLeavesNoAllocationAndTheMediumWaitsInTheDrive() throws Exception {
        TxBean.Work w = tx.allocateMountDismount("xa", true);
        String b = w.barCode();
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + b + ", mount " + b + ", dismount (at commit), rollback, "
                + "deferred-dismount " + b);
        assertThat(inspector.visible(w.medium())).isFalse();
        assertThat(tx.drive(w.drive())).isEqualTo(w.drive() + " DISMOUNTABLE " + b + " null");
    }

    @Test
    void xaSystemExceptionRollsBack() throws Exception {
        assertThatThrownBy(() -> tx.allocateMountThenFail("xa")).isInstanceOf(EJBException.class);
        assertThat(inspector.lastBranch()).matches("allocate (\\w+), mount \\1, rollback, deferred-dismount \\1");
    }

    @Test
    void xaApplicationExceptionCommitsAsEjbRulesSay() throws Exception {
        assertThatThrownBy(() -> tx.allocateThenApplicationException("xa")).isInstanceOf(RsmException.class);
        assertThat(inspector.lastBranch()).matches("allocate \\w+, commit");
    }

    @Test
    void userTransactionCommitAndRollback() throws Exception {
        TxBean.Work kept = bmt.userTransaction("xa", true);
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + kept.barCode() + ", mount " + kept.barCode()
                + ", dismount (at commit), commit");
        assertThat(inspector.visible(kept.medium())).isTrue();

        TxBean.Work dropped = bmt.userTransaction("xa", false);
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + dropped.barCode() + ", mount " + dropped.barCode()
                + ", dismount (at commit), rollback, deferred-dismount " + dropped.barCode());
        assertThat(inspector.visible(dropped.medium())).isFalse();
        assertThat(tx.drives()).allMatch(d -> d.endsWith(" null"), "no drive held by a session");
    }

    // ---- two-phase commit with the application's own XA database

    @Test
    void theTapeAndTheArchiveIndexCommitTogether() throws Exception {
        ArchiveReceipt r = tx.archive("invoice-2026-001");
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + r.barCode() + ", mount " + r.barCode()
                + ", dismount (at commit), prepare, commit");
        assertThat(tx.indexed("invoice-2026-001")).isEqualTo(r.medium());
        assertThat(inspector.visible(r.medium())).isTrue();
    }

    @Test
    void aDuplicateDocumentIsRefusedBeforeAnyTapeIsTouched() throws Exception {
        ArchiveReceipt first = tx.archive("contract-7");
        assertThatThrownBy(() -> tx.archive("contract-7")).isInstanceOf(DuplicateDocumentException.class);
        // the index refused the name first: the refused archive opened no branch of OpenRSM, allocated and mounted nothing
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + first.barCode() + ", mount " + first.barCode()
                + ", dismount (at commit), prepare, commit");
        assertThat(tx.indexed("contract-7")).isEqualTo(first.medium());
    }

    @Test
    void whenOpenRsmCannotPrepareTheArchiveIndexRowRollsBackToo() throws Exception {
        assertThatThrownBy(() -> tx.archiveButOpenRsmCannotPrepare("memo-13")).isInstanceOf(EJBException.class);
        assertThat(tx.indexed("memo-13")).isNull();
        assertThat(inspector.lastBranch()).matches("allocate (\\w+), mount \\1, dismount \\(at commit\\), "
                + "prepare failed: .*not mounted.*, rollback");
    }

    // ---- sign-on and rights

    @Test
    void eachRightIsCheckedForThePrincipalOfTheSession() throws Exception {
        assertThat(tx.rightsOf("spec", "alice")).containsExactly("USE allowed", "MODIFY ACCESS_DENIED naming the right",
                "CONTROL allowed");
        // the pool must not hand alice's connection to bob
        assertThat(tx.rightsOf("spec", "bob")).containsExactly("USE ACCESS_DENIED naming the right",
                "MODIFY ACCESS_DENIED naming the right", "CONTROL ACCESS_DENIED naming the right");
        // container-managed sign-on: the auth alias of eis/openrsmClerk makes the session the user "clerk"
        assertThat(tx.rightsOf("container", null)).containsExactly("USE ACCESS_DENIED naming the right",
                "MODIFY ACCESS_DENIED naming the right", "CONTROL ACCESS_DENIED naming the right");
    }

    // ---- concurrency

    @Test
    void thirtyTwoThreadsOfTwoHundredTransactionsLeaveTheStoreConsistentAndNoDriveHeld() throws Exception {
        StressBean.Result r = stress.run(32, 200);
        assertThat(r.failures()).as("failed transactions").isEmpty();
        assertThat(r.committed() + r.rolledBack()).isEqualTo(32 * 200);
        assertThat(r.rolledBack()).isPositive();
        assertThat(r.violations()).isEmpty();
        assertThat(inspector.inDoubt()).isEmpty();
    }
}
