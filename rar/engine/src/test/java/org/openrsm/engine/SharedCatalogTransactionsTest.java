package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;
import org.openrsm.engine.StandByTransactions.Decision;

/**
 * Two servers on one catalog in PostgreSQL (issue 14): a server prepares a transaction branch and dies; another takes
 * the catalog over and holds the branch in doubt; the dead server comes back standing by, and its transaction manager
 * (the only one that knows the outcome) finishes the branch through the catalog ({@link StandByTransactions}): the
 * server driving the library carries the decision out within a third of its lease, or at its start.
 */
class SharedCatalogTransactionsTest extends SharedCatalogTestBase {
    private RsmServer serverNamed(String name) throws RsmException {
        return serverNamed(name, LEASE.multipliedBy(4), LEASE);
    }

    private record Prepared(LogicalMediaId allocated, SideId side) {
    }

    /** Server a allocates a tape in branch {@code xid}, prepares it and dies: the allocation is in doubt. */
    private Prepared preparedOnAServerThatDies(String xid) throws Exception {
        RsmServer a = serverNamed("a");
        MediaSession onA = a.openSession("app");
        TransactionBranch tx = a.branch(xid);
        tx.enlist(onA);
        LogicalMediaId allocated = allocate(onA);
        SideId side = onA.info(allocated, LogicalMediaInfo.class).side();
        tx.delist(onA);
        assertThat(tx.prepare()).isTrue();
        a.crash();
        return new Prepared(allocated, side);
    }

    /** Every branch in doubt on {@code s}, whichever server prepared it (what operators see). */
    private static List<String> inDoubtOn(RsmServer s) throws RsmException {
        return s.engine().lock.call(() -> s.engine().transactions.inDoubt());
    }

    private static boolean sees(MediaSession s, LogicalMediaId id) throws RsmException {
        return s.enumerate(null, ObjectType.LOGICAL_MEDIA).stream().map(ObjectInfo::id).anyMatch(id::equals);
    }

    @Test
    void theDeadServersTransactionManagerCommitsItsBranchThroughTheCatalogWhileAnotherServerDrivesIt() throws Exception {
        LogicalMediaId allocated = preparedOnAServerThatDies("tm-a.1").allocated();
        RsmServer b = serverNamed("b");
        MediaSession onB = b.openSession("app");
        assertThat(inDoubtOn(b)).containsExactly("tm-a.1");
        assertThat(b.inDoubtBranches()).as("a's branch is not told to b's transaction manager").isEmpty();
        assertThat(sees(onB, allocated)).as("an allocation in doubt is seen by nobody").isFalse();

        // server a comes back standing by; its transaction manager recovers through the catalog
        StandByTransactions standingBy = StandByTransactions.on(pool(), "a");
        assertThat(standingBy.inDoubt()).containsExactly("tm-a.1");
        assertThat(StandByTransactions.on(pool(), "c").inDoubt()).as("a server that prepared nothing").isEmpty();
        assertThat(standingBy.decide("tm-unknown.1", true)).as("no such branch").isEqualTo(Decision.NO_SUCH_BRANCH);
        assertThat(standingBy.decide("tm-a.1", true)).isEqualTo(Decision.RECORDED);
        assertThat(standingBy.decide("tm-a.1", true)).as("the same decision again (a retry)").isEqualTo(Decision.RECORDED);
        assertThat(standingBy.decide("tm-a.1", false)).as("the other decision").isEqualTo(Decision.DECIDED_OTHERWISE);
        assertThat(standingBy.inDoubt()).isEmpty();

        await().atMost(LEASE.multipliedBy(3)).until(() -> inDoubtOn(b).isEmpty());
        assertThat(sees(onB, allocated)).isTrue();
        assertThat(b.transactionHistory()).last().asString()
                .isEqualTo("tm-a.1: in doubt after a restart, decided by the transaction manager of another server, commit");
        assertThat(standingBy.decide("tm-a.1", true)).as("finished: the catalog has no record of it any more")
                .isEqualTo(Decision.NO_SUCH_BRANCH);
        assertCatalogMatchesChanger(onB);
    }

    @Test
    void aRollbackDecidedWhileNoServerDrivesTheCatalogIsCarriedOutByTheNextOwnerAtItsStart() throws Exception {
        Prepared prepared = preparedOnAServerThatDies("tm-a.2");
        StandByTransactions standingBy = StandByTransactions.on(pool(), "a");
        assertThat(standingBy.decide("tm-a.2", false)).isEqualTo(Decision.RECORDED);

        RsmServer b = serverNamed("b");
        MediaSession onB = b.openSession("app");
        assertThat(inDoubtOn(b)).isEmpty();
        assertThat(sees(onB, prepared.allocated())).isFalse();
        assertThat(b.transactionHistory()).containsExactly("tm-a.2: rolled back by the transaction manager of another "
                + "server, rollback");
        // the side the branch allocated is free again
        assertThat(onB.info(prepared.side(), SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        assertThat(standingBy.inDoubt()).isEmpty();
        assertCatalogMatchesChanger(onB);
    }

    @Test
    void aBranchTheOwnerPreparedItselfWaitsForItsOwnTransactionManagerWhateverTheCatalogRecords() throws Exception {
        RsmServer a = serverNamed("a");
        MediaSession onA = a.openSession("app");
        TransactionBranch tx = a.branch("tm-a.3");
        tx.enlist(onA);
        LogicalMediaId allocated = allocate(onA);
        tx.delist(onA);
        assertThat(tx.prepare()).isTrue();
        // a decision recorded in the catalog for a branch the owner prepared itself (a confused transaction manager)
        StandByTransactions standingBy = StandByTransactions.on(pool(), "a");
        assertThat(standingBy.decide("tm-a.3", false)).isEqualTo(Decision.RECORDED);

        // the lease renews every third of the lease: the decision is never carried out on a's own branch
        await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(3))
                .until(() -> a.inDoubtBranches().contains("tm-a.3"));
        tx.commit(false);
        assertThat(sees(onA, allocated)).isTrue();
        assertThat(a.transactionHistory()).last().asString().endsWith("prepare, commit");
        assertThat(standingBy.inDoubt()).isEmpty();
        assertCatalogMatchesChanger(onA);
    }
}
