package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.PendingMount;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * Moves planned ahead (the robot never waits for the engine): a mount's eviction and load are planned when it is
 * dispatched and queued on the arm, so the arm goes from one move to the next; a failed move drops what was planned
 * after it, and those mounts are planned again from what the catalog knows after the failure.
 */
class PlannedAheadTest extends EngineTestBase {
    private static final Duration MOVE = Duration.ofMillis(300);

    private LibraryRun run() {
        return server.engine().libraries.values().iterator().next();
    }

    /** Two drives held by {@code holder} with a and b; {@code waiter} queues c and d behind them. */
    private record Setup(MediaSession holder, MediaSession waiter, LogicalMediaId a, LogicalMediaId b, LogicalMediaId c,
                         LogicalMediaId d, PendingMount pc, PendingMount pd) {
    }

    private Setup twoQueuedBehindTwoHeld() throws RsmException {
        start(l -> l.drives(2).slots(10).cartridges(8).robotMoveTime(MOVE), b -> b.inventoryRetry(Duration.ofMillis(100)));
        MediaSession holder = session("holder");
        MediaSession waiter = session("waiter");
        LogicalMediaId a = allocate(holder);
        LogicalMediaId b = allocate(holder);
        LogicalMediaId c = allocate(waiter);
        LogicalMediaId d = allocate(waiter);
        holder.mount(a, MountOptions.read());
        holder.mount(b, MountOptions.read());
        PendingMount pc = waiter.mountNoWait(List.of(c), MountOptions.builder().timeout(Duration.ofSeconds(30)).build());
        PendingMount pd = waiter.mountNoWait(List.of(d), MountOptions.builder().timeout(Duration.ofSeconds(30)).build());
        return new Setup(holder, waiter, a, b, c, d, pc, pd);
    }

    @Test
    void theMovesOfMountsDispatchedTogetherAreQueuedOnTheArmAtOnceAndRecordedInOrder() throws Exception {
        Setup s = twoQueuedBehindTwoHeld();
        long ahead = run().movesPlannedAhead.get();
        long moves = libraryBean().getRobotMoves();
        s.holder().dismount(s.a(), DismountMode.DEFERRED);
        s.holder().dismount(s.b(), DismountMode.DEFERRED);
        List<DriveId> c = s.pc().await(Duration.ofSeconds(30));
        List<DriveId> d = s.pd().await(Duration.ofSeconds(30));
        assertThat(run().movesPlannedAhead.get() - ahead).as("evict and load of both mounts, planned at dispatch")
                .isEqualTo(4);
        assertThat(run().movesDropped.get()).isZero();
        assertThat(libraryBean().getRobotMoves() - moves).isEqualTo(4);
        assertThat(c).doesNotContainAnyElementsOf(d);
        assertThat(run().reserved).as("no slot stays reserved once the moves are recorded").isEmpty();
        assertCatalogMatchesChanger(s.waiter());
    }

    @Test
    void aFailedMoveDropsTheMovesPlannedAfterItAndTheirMountIsPlannedAgainAndServed() throws Exception {
        Setup s = twoQueuedBehindTwoHeld();
        s.holder().dismount(s.a(), DismountMode.DEFERRED);
        s.holder().dismount(s.b(), DismountMode.DEFERRED);
        // the arm is making the first move (300 ms); the next one fails: the moves planned behind it are dropped
        sim.failNextMove("gripper slipped");
        List<PendingMount> mounts = List.of(s.pc(), s.pd());
        List<LogicalMediaId> media = List.of(s.c(), s.d());
        int failed = 0;
        DriveId served = null;
        LogicalMediaId servedMedium = null;
        for (int i = 0; i < mounts.size(); i++) {
            try {
                served = mounts.get(i).await(Duration.ofSeconds(30)).get(0);
                servedMedium = media.get(i);
            } catch (RsmException e) {
                assertThat(e.error()).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE);
                assertThat(e).hasMessageContaining("gripper slipped");
                failed++;
            }
        }
        assertThat(failed).as("only the mount whose move failed").isEqualTo(1);
        assertThat(served).isNotNull();
        assertThat(run().movesDropped.get()).as("the other mount's moves, planned again when due").isGreaterThanOrEqualTo(1);
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(run().reserved).isEmpty();
        assertCatalogMatchesChanger(s.waiter());

        // the arm works on: the next mount's moves are planned ahead and made, none dropped
        long dropped = run().movesDropped.get();
        long ahead = run().movesPlannedAhead.get();
        MediaSession waiter = s.waiter();
        LogicalMediaId e = allocate(waiter);
        waiter.dismount(servedMedium, DismountMode.DEFERRED);
        DriveId again = waiter.mount(e, MountOptions.builder().timeout(Duration.ofSeconds(30)).build());
        assertThat(again).isEqualTo(served);
        assertThat(run().movesPlannedAhead.get()).isGreaterThan(ahead);
        assertThat(run().movesDropped.get()).isEqualTo(dropped);
        assertCatalogMatchesChanger(waiter);
    }
}
