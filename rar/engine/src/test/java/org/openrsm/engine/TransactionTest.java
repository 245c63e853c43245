package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;

/** DESIGN.md §6 at the engine: transaction branches as the resource adapter drives them. */
class TransactionTest extends EngineTestBase {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static boolean sees(MediaSession s, LogicalMediaId id) throws Exception {
        boolean listed = s.enumerate(null, ObjectType.LOGICAL_MEDIA).stream().anyMatch(o -> o.id().equals(id));
        try {
            s.info(id, LogicalMediaInfo.class);
            assertThat(listed).as("enumerate and info agree on " + id).isTrue();
            return true;
        } catch (org.openrsm.api.RsmException e) {
            assertThat(e.error()).isEqualTo(RsmError.OBJECT_NOT_FOUND);
            assertThat(listed).as("enumerate and info agree on " + id).isFalse();
            return false;
        }
    }

    @Test
    void aMountInATransactionGivesUpWhenTheTransactionsTimeoutRunsOut() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession holder = session("holder");
        MediaSession app = session("app");
        LogicalMediaId busy = allocate(holder);
        holder.mount(busy, MountOptions.write());   // the only drive stays LOADED
        LogicalMediaId wanted = allocate(app);

        TransactionBranch tx = server.branch("tx-timeout");
        tx.timeout(Duration.ofMillis(700));
        tx.enlist(app);
        long started = System.nanoTime();
        assertThatThrownBy(() -> app.mount(wanted, MountOptions.builder().write().timeout(Duration.ofMinutes(10)).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT))
                .hasMessageContaining("transaction's timeout of PT0.7S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
        tx.delist(app);
        tx.rollback();
        assertThat(drives(holder).get(0).session()).isEqualTo("holder");
    }

    @Test
    void anAllocationIsOnlyTheTransactionsUntilItCommitsAndARollbackLeavesNoTrace() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(3));
        MediaSession app = session("app");
        MediaSession other = session("other");
        MediaPoolId pool = archivePool(app);
        List<PhysicalMediaInfo> before = media(app);

        TransactionBranch tx = server.branch("tx-commit");
        tx.enlist(app);
        LogicalMediaId kept = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        assertThat(sees(app, kept)).isTrue();
        assertThat(sees(other, kept)).isFalse();
        assertThat(tx.prepare()).isTrue();
        assertThat(sees(other, kept)).isFalse();
        tx.commit(false);
        assertThat(sees(other, kept)).isTrue();
        assertThat(server.transactionHistory()).last().asString().startsWith("tx-commit: allocate A0000").endsWith("prepare, commit");

        List<PhysicalMediaInfo> afterCommit = media(app);
        TransactionBranch rolled = server.branch("tx-rollback");
        rolled.enlist(app);
        LogicalMediaId gone = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        var side = app.info(gone, LogicalMediaInfo.class).side();
        assertThat(app.info(side, SideInfo.class).state()).isEqualTo(SideState.ALLOCATED);
        rolled.delist(app);   // as the transaction manager does: XA end, then rollback
        rolled.rollback();
        assertThat(sees(app, gone)).isFalse();
        SideInfo undone = app.info(side, SideInfo.class);
        assertThat(undone.state()).isEqualTo(SideState.AVAILABLE);
        assertThat(undone.allocateCount()).isZero();
        assertThat(media(app)).usingRecursiveComparison().isEqualTo(afterCommit);
        assertThat(before).hasSameSizeAs(afterCommit);
        assertThat(server.transactionHistory()).last().asString().matches("tx-rollback: allocate A0000\\dL8, rollback");
    }

    @Test
    void aMountRolledBackStaysInTheDriveAsADeferredDismountAndARetryNeedsNoRobotMove() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession app = session("app");
        MediaPoolId pool = archivePool(app);
        TransactionBranch tx = server.branch("tx-mount");
        tx.enlist(app);
        LogicalMediaId m = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        app.mount(m, MountOptions.write());
        assertThat(drives(app).get(0).state()).isEqualTo(DriveState.LOADED);
        tx.delist(app);   // as the transaction manager does: XA end, then rollback
        tx.rollback();
        assertThat(tx.xid()).isEqualTo("tx-mount");
        String label = server.transactionHistory().get(0).replaceAll(".*allocate (\\S+),.*", "$1");
        assertThat(server.transactionHistory()).containsExactly(
                "tx-mount: allocate " + label + ", mount " + label + ", rollback, deferred-dismount " + label);
        assertThat(drives(app).get(0).state()).isEqualTo(DriveState.DISMOUNTABLE);

        // the retry, outside a transaction, mounts the medium that waits in the drive
        LogicalMediaId again = allocate(app);
        long moves = libraryBean().getRobotMoves();
        app.mount(again, MountOptions.read());
        assertThat(libraryBean().getMountsWithoutRobotMove()).isEqualTo(1);
        assertThat(libraryBean().getRobotMoves()).isEqualTo(moves);
    }

    @Test
    void aDismountInATransactionHappensAtCommitAndNotAtAllOnRollback() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession app = session("app");
        LogicalMediaId m = allocate(app);
        app.mount(m, MountOptions.read());

        TransactionBranch rolled = server.branch("tx-dismount-1");
        rolled.enlist(app);
        app.dismount(m, DismountMode.IMMEDIATE);
        assertThat(drives(app).get(0).state()).isEqualTo(DriveState.LOADED);
        rolled.delist(app);   // as the transaction manager does: XA end, then rollback
        rolled.rollback();
        assertThat(drives(app).get(0).state()).isEqualTo(DriveState.LOADED);
        assertThat(drives(app).get(0).session()).isEqualTo("app");

        TransactionBranch committed = server.branch("tx-dismount-2");
        committed.enlist(app);
        app.dismount(m, DismountMode.DEFERRED);
        assertThat(drives(app).get(0).state()).isEqualTo(DriveState.LOADED);
        assertThat(committed.prepare()).isTrue();
        committed.commit(false);
        assertThat(drives(app).get(0).state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(server.transactionHistory()).containsExactly("tx-dismount-1: dismount (at commit), rollback",
                "tx-dismount-2: dismount (at commit), prepare, commit");

        // checked at once: a dismount of what the session does not hold fails in the call, not at commit
        TransactionBranch bad = server.branch("tx-dismount-3");
        bad.enlist(app);
        assertThatThrownBy(() -> app.dismount(m, DismountMode.DEFERRED))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("not mounted");
        assertThat(bad.prepare()).isFalse();
    }

    @Test
    void deallocationsAndPoolMovesTakeEffectAtCommitAndAreCheckedAgainAtPrepare() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(3));
        MediaSession app = session("app");
        MediaSession other = session("other");
        LogicalMediaId a = allocate(app);
        LogicalMediaId b = allocate(app);

        TransactionBranch tx = server.branch("tx-deallocate");
        tx.enlist(app);
        app.deallocate(a);
        app.setComplete(b);
        assertThat(sees(other, a)).isTrue();
        assertThat(other.info(other.info(b, LogicalMediaInfo.class).side(), SideInfo.class).state()).isEqualTo(SideState.ALLOCATED);
        assertThat(tx.prepare()).isTrue();
        tx.commit(false);
        assertThat(sees(other, a)).isFalse();
        assertThat(other.info(other.info(b, LogicalMediaInfo.class).side(), SideInfo.class).state()).isEqualTo(SideState.COMPLETE);

        // what a branch will change at commit nobody else may change or mount until it ends
        LogicalMediaId c = allocate(app);
        TransactionBranch late = server.branch("tx-claims");
        late.enlist(app);
        app.setComplete(c);
        assertThatThrownBy(() -> other.deallocate(c)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY))
                .hasMessageContaining("tx-claims");
        assertThatThrownBy(() -> other.mount(c, MountOptions.read()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY));
        TransactionBranch rival = server.branch("tx-rival");
        rival.enlist(other);
        assertThatThrownBy(() -> other.deallocate(c)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY));
        rival.delist(other);   // as the transaction manager does: XA end, then rollback
        rival.rollback();
        assertThat(late.prepare()).isTrue();
        assertThatThrownBy(() -> other.deallocate(c)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY));
        late.commit(false);
        assertThat(other.info(other.info(c, LogicalMediaInfo.class).side(), SideInfo.class).state()).isEqualTo(SideState.COMPLETE);
        other.deallocate(c);
    }

    @Test
    void twoTransactionsAllocatingFromOnePoolGetDifferentSidesWithoutWaitingForEachOther() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(4));
        MediaSession setup = session("setup");
        MediaPoolId pool = archivePool(setup);
        CyclicBarrier bothAllocated = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<LogicalMediaId>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String xid = "tx-parallel-" + i;
                results.add(threads.submit(() -> {
                    MediaSession s = server.openSession("parallel");
                    TransactionBranch tx = server.branch(xid);
                    tx.enlist(s);
                    LogicalMediaId id = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
                    // both transactions are open here: if one waited for the other's commit, the barrier would time out
                    bothAllocated.await(10, TimeUnit.SECONDS);
                    tx.prepare();
                    tx.commit(false);
                    s.close();
                    return id;
                }));
            }
            LogicalMediaId first = results.get(0).get(20, TimeUnit.SECONDS);
            LogicalMediaId second = results.get(1).get(20, TimeUnit.SECONDS);
            assertThat(setup.info(first, LogicalMediaInfo.class).side())
                    .isNotEqualTo(setup.info(second, LogicalMediaInfo.class).side());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aPreparedBranchIsInDoubtAfterARestartAndTheTransactionManagerDecides() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(4));
        MediaSession app = session("app");
        MediaPoolId pool = archivePool(app);
        LogicalMediaId old = allocate(app);

        TransactionBranch committed = server.branch("tx-in-doubt-commit");
        committed.enlist(app);
        LogicalMediaId toCommit = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        app.deallocate(old);
        assertThat(committed.prepare()).isTrue();

        TransactionBranch rolled = server.branch("tx-in-doubt-rollback");
        MediaSession app2 = session("app2");
        rolled.enlist(app2);
        LogicalMediaId toRollBack = app2.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        var rolledSide = app2.info(toRollBack, LogicalMediaInfo.class).side();
        assertThat(rolled.prepare()).isTrue();

        TransactionBranch unprepared = server.branch("tx-never-prepared");
        MediaSession app3 = session("app3");
        unprepared.enlist(app3);
        LogicalMediaId abandoned = app3.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        var abandonedSide = app3.info(abandoned, LogicalMediaInfo.class).side();

        // the server goes away between prepare and commit
        restart(l -> l.drives(1).slots(6).cartridges(4));
        MediaSession after = session("after");
        assertThat(server.inDoubtBranches()).containsExactlyInAnyOrder("tx-in-doubt-commit", "tx-in-doubt-rollback");
        assertThat(sees(after, toCommit)).isFalse();
        assertThat(sees(after, old)).isTrue();
        // presumed abort for the branch that never prepared
        assertThat(sees(after, abandoned)).isFalse();
        assertThat(after.info(abandonedSide, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        // the in-doubt sides stay allocated: nobody else gets them
        assertThat(after.info(rolledSide, SideInfo.class).state()).isEqualTo(SideState.ALLOCATED);

        server.branch("tx-in-doubt-commit").commit(false);
        server.branch("tx-in-doubt-rollback").rollback();
        assertThat(server.inDoubtBranches()).isEmpty();
        assertThat(sees(after, toCommit)).isTrue();
        assertThat(sees(after, old)).isFalse();
        assertThat(after.info(rolledSide, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        assertThat(drives(after)).allMatch(d -> d.session() == null);

        // and the decisions are durable
        restart(l -> l.drives(1).slots(6).cartridges(4));
        MediaSession last = session("last");
        assertThat(server.inDoubtBranches()).isEmpty();
        assertThat(sees(last, toCommit)).isTrue();
        assertThat(last.info(rolledSide, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
    }

    @Test
    void aBranchThatDidNothingIsReadOnlyAndBadUseIsRefused() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession app = session("app");
        TransactionBranch tx = server.branch("tx-empty");
        tx.enlist(app);
        assertThat(app.libraries()).isNotEmpty();
        assertThat(tx.prepare()).isFalse();
        assertThatThrownBy(() -> tx.commit(false)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));

        TransactionBranch unprepared = server.branch("tx-unprepared");
        unprepared.enlist(app);
        allocate(app);
        assertThatThrownBy(() -> unprepared.commit(false))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("not prepared");
        TransactionBranch second = server.branch("tx-second");
        assertThatThrownBy(() -> second.enlist(app))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("tx-unprepared");
        unprepared.commit(true);
        assertThatThrownBy(() -> server.branch(""))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
    }

    @Test
    void anApplicationDemarcatesLocalTransactionsOnItsSession() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(3));
        MediaSession app = session("app");
        MediaSession other = session("other");
        MediaPoolId pool = archivePool(app);
        var tx = app.localTransaction();
        assertThat(tx.isActive()).isFalse();
        tx.begin();
        assertThatThrownBy(tx::begin).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
        LogicalMediaId kept = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        assertThat(sees(other, kept)).isFalse();
        tx.commit();
        assertThat(tx.isActive()).isFalse();
        assertThat(sees(other, kept)).isTrue();
        assertThatThrownBy(tx::commit).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));

        tx.begin();
        LogicalMediaId dropped = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        tx.rollback();
        assertThat(sees(app, dropped)).isFalse();

        // a session closed in the middle of its local transaction rolls it back
        tx.begin();
        LogicalMediaId unfinished = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        var side = app.info(unfinished, LogicalMediaInfo.class).side();
        app.close();
        assertThat(sees(other, unfinished)).isFalse();
        assertThat(other.info(side, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        assertThat(server.transactionHistory()).last().asString().endsWith("rollback");
    }

    @Test
    void aBranchMayDismountAndThenSetCompleteWhatItMounted() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession app = session("app");
        MediaPoolId pool = archivePool(app);
        TransactionBranch tx = server.branch("tx-archive-flow");
        tx.enlist(app);
        LogicalMediaId m = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        app.mount(m, MountOptions.write());
        app.dismount(m, DismountMode.DEFERRED);
        app.setComplete(m);   // checked as if the dismount before it had happened
        assertThat(tx.prepare()).isTrue();
        tx.commit(false);
        assertThat(app.info(app.info(m, LogicalMediaInfo.class).side(), SideInfo.class).state()).isEqualTo(SideState.COMPLETE);
        assertThat(drives(app).get(0).state()).isEqualTo(DriveState.DISMOUNTABLE);
    }

    @Test
    void aRollbackUndoesNewAndNextAllocationsOfATwoSidedCartridge() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2).mediaType("MO_5_RW"));
        MediaSession app = session("app");
        MediaPoolId pool = app.createMediaPool("\\Optical", app.mediaType("MO_5_RW"),
                org.openrsm.api.CreateDisposition.CREATE_NEW);
        app.setMediaPoolPolicy(pool, new org.openrsm.api.MediaPoolPolicy(true, false, 0));
        TransactionBranch tx = server.branch("tx-two-sides");
        tx.enlist(app);
        LogicalMediaId a = app.allocate(pool, AllocateOptions.builder().newSide().errorIfUnavailable().build());
        LogicalMediaId b = app.allocate(pool, AllocateOptions.builder().nextSide(a).errorIfUnavailable().build());
        var medium = app.info(a, LogicalMediaInfo.class).physicalMedia();
        assertThat(app.info(b, LogicalMediaInfo.class).physicalMedia()).isEqualTo(medium);
        tx.delist(app);   // as the transaction manager does: XA end, then rollback
        tx.rollback();
        PhysicalMediaInfo info = app.info(medium, PhysicalMediaInfo.class);
        for (var side : info.sides()) {
            assertThat(app.info(side, SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        }
        assertThat(app.info(info.mediaPool(), org.openrsm.api.MediaPoolInfo.class).path()).isEqualTo("\\Free\\MO_5_RW");
    }

    @Test
    void aOnePhaseCommitThatNoLongerHoldsRollsBackInsteadOfHalfCommitting() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(3));
        MediaSession app = session("app");
        MediaSession other = session("other");
        MediaPoolId pool = archivePool(app);
        LogicalMediaId mounted = allocate(app);
        var drive = app.mount(mounted, MountOptions.read());
        TransactionBranch tx = server.branch("tx-one-phase");
        tx.enlist(app);
        LogicalMediaId fresh = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        app.dismount(mounted, DismountMode.IMMEDIATE);
        // an administrator pulls the medium out of the drive (DismountNtmsDrive): the dismount no longer holds
        other.dismountDrive(drive);
        assertThatThrownBy(() -> tx.commit(true)).isInstanceOf(BranchRolledBackException.class)
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
        assertThat(sees(other, fresh)).isFalse();
        assertThat(server.transactionHistory()).last().asString()
                .matches("tx-one-phase: allocate \\w+, dismount \\(at commit\\), commit failed: .*not mounted.*, rollback");
    }

    @Test
    void deferredOperationsSurviveARestartInTheLogWhateverTheirText() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession app = session("app");
        MediaPoolId pool = archivePool(app);
        var acl = org.openrsm.api.Acl.of(org.openrsm.api.AccessEntry.of("admin", org.openrsm.api.AccessRight.CONTROL),
                org.openrsm.api.AccessEntry.of("dept|archive%2F\nx", org.openrsm.api.AccessRight.USE));
        TransactionBranch tx = server.branch("tx-acl");
        tx.enlist(app);
        app.setSecurity(pool, acl);
        assertThat(tx.prepare()).isTrue();
        restart(l -> l.drives(1).slots(4).cartridges(2));
        assertThat(server.inDoubtBranches()).containsExactly("tx-acl");
        server.branch("tx-acl").commit(false);
        assertThat(session("after").security(pool)).isEqualTo(acl);
    }

    @Test
    void aOnePhaseCommitCutShortIsFinishedAtStartUp() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(3));
        MediaSession app = session("app");
        MediaPoolId pool = archivePool(app);
        LogicalMediaId earlier = allocate(app);
        TransactionBranch tx = server.branch("tx-cut-short");
        tx.enlist(app);
        LogicalMediaId fresh = app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        app.setComplete(earlier);
        assertThatThrownBy(() -> session("other").setComplete(earlier))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY));

        // the last store transaction of the commit (making the allocation everyone's) cannot get its lock:
        // as if the server died after setComplete was written
        try (java.sql.Connection other = storeConnection()) {
            shortLockWaits(other);
            other.setAutoCommit(false);
            try (var st = other.createStatement()) {
                st.execute("LOCK TABLE LOGICAL_MEDIA IN EXCLUSIVE MODE");
            }
            assertThatThrownBy(() -> tx.commit(true)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DATABASE_FAILURE));
            other.rollback();
            normalLockWaits(other);
            other.commit();
        }
        var completeSide = app.info(earlier, LogicalMediaInfo.class).side();
        assertThat(app.info(completeSide, SideInfo.class).state()).isEqualTo(SideState.COMPLETE);

        restart(l -> l.drives(1).slots(4).cartridges(3));
        MediaSession after = session("after");
        // the COMMITTING log row was finished at start-up: the allocation is everyone's, setComplete done once
        assertThat(sees(after, fresh)).isTrue();
        assertThat(after.info(completeSide, SideInfo.class).state()).isEqualTo(SideState.COMPLETE);
        assertThat(server.inDoubtBranches()).isEmpty();
        assertThat(server.transactionHistory()).last().asString()
                .isEqualTo("tx-cut-short: committing when the server stopped, commit");
    }

    @Test
    void aSessionStillInABranchThatIsRolledBackUnderItRefusesToGoOnOutsideIt() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession app = session("app");
        MediaPoolId pool = archivePool(app);
        TransactionBranch tx = server.branch("tx-timed-out");
        tx.enlist(app);
        app.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        // the transaction manager rolls back from its own thread (a timeout) while the application still works
        tx.rollback();
        assertThatThrownBy(() -> app.allocate(pool, AllocateOptions.errorIfNoneAvailable()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("tx-timed-out");
        assertThat(session("other").enumerate(pool, ObjectType.LOGICAL_MEDIA)).isEmpty();
        app.close();
    }
}
