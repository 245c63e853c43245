package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.RsmLocalTransaction;

/**
 * Durability where it matters, and only there (issue "A scheduler close to the physical limits", 3): a mount of a
 * tape that waits in its drive and its deferred dismount change no physical state, so they write nothing to the
 * store, in every transaction mode; a robot move, an allocation and what a crash must not lose still do.
 */
class NoStoreWriteCycleTest extends EngineTestBase {
    private long commits() {
        return server.engine().store().commits();
    }

    private static DriveInfo driveOf(MediaSession s, DriveId id) throws Exception {
        return s.info(id, DriveInfo.class);
    }

    @Test
    void aMountAndDeferredDismountOfATapeInItsDriveCommitNothingWithoutTransactionLocallyAndInXa() throws Exception {
        start(2, 6);
        MediaSession app = session("app");
        LogicalMediaId m = allocate(app);
        long beforeLoad = commits();
        DriveId drive = app.mount(m, MountOptions.read());
        // a load moves the robot: recorded, by the group commit of move records, soon after the mount returned
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> commits() > beforeLoad);
        app.dismount(m, DismountMode.DEFERRED);

        long before = commits();
        for (int i = 0; i < 5; i++) {
            assertThat(app.mount(m, MountOptions.read())).isEqualTo(drive);
            assertThat(driveOf(app, drive).state()).isEqualTo(DriveState.LOADED);
            app.dismount(m, DismountMode.DEFERRED);
            assertThat(driveOf(app, drive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        }
        assertThat(commits()).as("no transaction").isEqualTo(before);

        RsmLocalTransaction local = app.localTransaction();
        local.begin();
        app.mount(m, MountOptions.read());
        app.dismount(m, DismountMode.DEFERRED);
        local.commit();
        assertThat(commits()).as("a local transaction").isEqualTo(before);

        TransactionBranch onePhase = server.branch("tx-one-phase");
        onePhase.enlist(app);
        app.mount(m, MountOptions.read());
        app.dismount(m, DismountMode.DEFERRED);
        onePhase.delist(app);
        onePhase.commit(true);
        TransactionBranch twoPhase = server.branch("tx-two-phase");
        twoPhase.enlist(app);
        app.mount(m, MountOptions.read());
        app.dismount(m, DismountMode.DEFERRED);
        twoPhase.delist(app);
        assertThat(twoPhase.prepare()).as("not read-only: it dismounts at commit").isTrue();
        twoPhase.commit(false);
        assertThat(commits()).as("XA, one and two phases: no TX_LOG row either").isEqualTo(before);
        assertThat(driveOf(app, drive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(driveOf(app, drive).session()).isNull();

        // an allocation is still durable
        allocate(app);
        assertThat(commits()).isGreaterThan(before);
    }

    @Test
    void aServerThatDiesInTheCycleRestartsWithTheTapeWaitingInItsDriveAndNoBranchInDoubt() throws Exception {
        start(1, 4);
        MediaSession app = session("app");
        LogicalMediaId m = allocate(app);
        DriveId drive = app.mount(m, MountOptions.read());
        app.dismount(m, DismountMode.DEFERRED);
        app.mount(m, MountOptions.read());   // bound in memory only
        TransactionBranch prepared = server.branch("tx-prepared-without-log");
        prepared.enlist(app);
        app.dismount(m, DismountMode.DEFERRED);
        prepared.delist(app);
        assertThat(prepared.prepare()).isTrue();

        restart(l -> l.drives(1).slots(4));
        MediaSession after = session("after");
        assertThat(server.inDoubtBranches()).as("nothing durable to finish").isEmpty();
        DriveInfo d = after.info(drive, DriveInfo.class);
        assertThat(d.state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(d.session()).isNull();
        assertThat(after.mount(m, MountOptions.read())).as("served where it waits").isEqualTo(drive);
        assertCatalogMatchesChanger(after);
        assertThat(List.of(after.info(drive, DriveInfo.class).state())).containsExactly(DriveState.LOADED);
    }
}
