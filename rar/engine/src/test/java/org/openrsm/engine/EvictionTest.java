package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.PendingMount;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmException;

/**
 * Which cartridge leaves a drive (issue "A scheduler close to the physical limits", 2): the look-ahead into the
 * mount queue and the engine's eviction policy.
 */
class EvictionTest extends EngineTestBase {
    private static PhysicalMediaInfo cartridge(MediaSession s, LogicalMediaId m) throws RsmException {
        return s.info(s.info(m, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class);
    }

    @Test
    void aTapeThatAQueuedMountWantsStaysInItsDriveAndThatMountIsServedFirst() throws Exception {
        start(2, 10);
        MediaSession first = session("first");
        MediaSession other = session("other");
        MediaSession a = session("a");
        MediaSession b = session("b");
        LogicalMediaId x = allocate(first);
        LogicalMediaId z = allocate(other);
        LogicalMediaId w = allocate(a);
        DriveId xDrive = first.mount(x, MountOptions.read());
        other.mount(z, MountOptions.read());
        long moves = libraryBean().getRobotMoves();

        PendingMount mountOfW = a.mountNoWait(List.of(w), MountOptions.read());   // first in the queue: needs a load
        PendingMount mountOfX = b.mountNoWait(List.of(x), MountOptions.read());   // second: x is still mounted by "first"
        first.dismount(x, DismountMode.DEFERRED);

        // before: w's mount took the only free drive and sent x home, and b waited for x to come back
        assertThat(mountOfX.await(Duration.ofSeconds(10))).containsExactly(xDrive);
        assertThat(libraryBean().getRobotMoves()).as("x was served where it waited").isEqualTo(moves);
        assertThat(mountOfW.isDone()).isFalse();
        assertThat(cartridge(a, w).location()).as("w is still in its slot").isNotEqualTo(xDrive);

        b.dismount(x, DismountMode.DEFERRED);
        assertThat(mountOfW.await(Duration.ofSeconds(10))).containsExactly(xDrive);
        assertCatalogMatchesChanger(a);
    }

    @Test
    void aTapeMountedOftenStaysInADriveWhereLeastRecentlyUsedWouldHaveSentItHome() throws Exception {
        start(2, 40);
        MediaSession s = session("app");
        LogicalMediaId hot = allocate(s);
        List<LogicalMediaId> others = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            others.add(allocate(s));
        }
        PhysicalMediaId hotCartridge = cartridge(s, hot).id();
        // hot, then two other tapes, again and again: with 2 drives, LRU sends hot home on every second tape
        int hotLoads = 0;
        for (int round = 0; round < 15; round++) {
            for (LogicalMediaId m : List.of(hot, others.get(2 * round), others.get(2 * round + 1))) {
                boolean inDrive = m == hot && cartridge(s, hot).location() instanceof DriveId;
                s.mount(m, MountOptions.read());
                s.dismount(m, DismountMode.DEFERRED);
                if (m == hot && !inDrive) {
                    hotLoads++;
                }
            }
        }
        assertThat(cartridge(s, hot).id()).isEqualTo(hotCartridge);
        assertThat(cartridge(s, hot).location()).as("the hot tape is in a drive after the round").isInstanceOf(DriveId.class);
        // LRU loads it 15 times (every round); the policy learns within a few rounds
        assertThat(hotLoads).isLessThanOrEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertCatalogMatchesChanger(s));
    }
}
