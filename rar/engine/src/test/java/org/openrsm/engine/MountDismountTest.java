package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaState;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.SlotInfo;
import org.openrsm.jmx.LibraryMXBean;

class MountDismountTest extends EngineTestBase {

    @Test
    void startPutsConfiguredGeometryAndCartridgesInTheCatalog() throws Exception {
        start(l -> l.drives(4).slots(40).ioPorts(2).cartridges(30));
        MediaSession s = session("app");
        assertThat(library(s).numberOfDrives()).isEqualTo(4);
        assertThat(library(s).numberOfSlots()).isEqualTo(40);
        assertThat(library(s).numberOfPorts()).isEqualTo(2);
        assertThat(media(s)).hasSize(30);
        assertThat(media(s).get(0).barCode()).isEqualTo("A00001L8");
        SlotInfo slot1 = s.info(media(s).get(0).location(), SlotInfo.class);
        assertThat(slot1.number()).isEqualTo(1);
        assertThat(media(s)).allSatisfy(m -> assertThat(s.info(m.mediaPool(), org.openrsm.api.MediaPoolInfo.class).path())
                .isEqualTo("\\Free\\LTO_Ultrium"));
        assertThat(drives(s)).extracting(DriveInfo::state).containsOnly(DriveState.DISMOUNTED);
    }

    @Test
    void mountLoadsTheSideAndWhatIsWrittenIsReadBackAfterARemount() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId medium = allocate(s);
        DriveId drive = s.mount(medium, MountOptions.write());
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.LOADED);
        assertThat(drive(s, drive).session()).isEqualTo("app");
        write(s.open(drive, AccessMode.WRITE), "document 42");
        s.dismount(medium, DismountMode.IMMEDIATE);
        s.awaitIdle(medium, Duration.ofSeconds(10));

        DriveId again = s.mount(medium, MountOptions.read());
        assertThat(read(s.open(again, AccessMode.READ))).isEqualTo("document 42");
    }

    @Test
    void deferredDismountKeepsMediumInDriveAndNextMountNeedsNoRobotMove() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LibraryMXBean lib = libraryBean();
        LogicalMediaId medium = allocate(s);
        DriveId drive = s.mount(medium, MountOptions.write());
        long moves = lib.getRobotMoves();

        s.dismount(medium, DismountMode.DEFERRED);
        DriveInfo info = drive(s, drive);
        assertThat(info.state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(info.mediumBarCode()).isNotNull();
        assertThat(info.session()).isNull();

        DriveId again = s.mount(medium, MountOptions.read());
        assertThat(again).isEqualTo(drive);
        assertThat(lib.getRobotMoves()).isEqualTo(moves);
        assertThat(lib.getMountsWithoutRobotMove()).isEqualTo(1);
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.LOADED);
    }

    @Test
    void immediateDismountSendsTheMediumToItsHomeSlot() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId medium = allocate(s);
        PhysicalMediaInfo before = s.info(s.info(medium, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class);
        DriveId drive = s.mount(medium, MountOptions.read());
        PhysicalMediaInfo mounted = s.info(before.id(), PhysicalMediaInfo.class);
        assertThat(mounted.location()).isEqualTo(drive);
        assertThat(mounted.mediaState()).isEqualTo(MediaState.LOADED);

        s.dismount(medium, DismountMode.IMMEDIATE);
        s.awaitIdle(medium, Duration.ofSeconds(10));
        PhysicalMediaInfo after = s.info(before.id(), PhysicalMediaInfo.class);
        assertThat(after.location()).isEqualTo(before.location()).isEqualTo(before.homeSlot());
        assertThat(after.locationType()).isEqualTo(ObjectType.STORAGESLOT);
        assertThat(after.mediaState()).isEqualTo(MediaState.IDLE);
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.DISMOUNTED);
        assertThat(drive(s, drive).mediumBarCode()).isNull();
    }

    @Test
    void dismountIsQueuedAndReturnsBeforeTheRobotHasMoved() throws Exception {
        start(l -> l.drives(1).slots(4).robotMoveTime(Duration.ofMillis(1500)));
        MediaSession s = session("app");
        LogicalMediaId medium = allocate(s);
        DriveId drive = s.mount(medium, MountOptions.read());

        s.dismount(medium, DismountMode.IMMEDIATE);
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.UNLOADED);
        assertThat(drive(s, drive).mediumBarCode()).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> drive(s, drive).state() == DriveState.DISMOUNTED);
    }

    @Test
    void deferredMediumGoesHomeWhenTheDrivesDelayRunsOut() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId medium = allocate(s);
        DriveId drive = s.mount(medium, MountOptions.read());
        s.setDeferDismountDelay(drive, Duration.ofMillis(200));
        assertThat(drive(s, drive).deferDismountDelay()).isEqualTo(Duration.ofMillis(200));

        s.dismount(medium, DismountMode.DEFERRED);
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        await().atMost(Duration.ofSeconds(10)).until(() -> drive(s, drive).state() == DriveState.DISMOUNTED);
        PhysicalMediaInfo m = s.info(s.info(medium, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class);
        assertThat(m.location()).isEqualTo(m.homeSlot());
    }

    @Test
    void deferredMediumStaysInTheDriveWhileItsDelayRunsAndGoesHomeWhenItRunsOut() throws Exception {
        ManualClock clock = new ManualClock();
        start(l -> l.drives(2).slots(10), b -> b.clock(clock));
        MediaSession s = session("app");
        LogicalMediaId medium = allocate(s);
        DriveId drive = s.mount(medium, MountOptions.read());
        s.dismount(medium, DismountMode.DEFERRED);
        // the default delay is 300 s: nothing happens to the drive before it runs out
        clock.advance(Duration.ofSeconds(299));
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        // a mount meanwhile costs no robot move and stops the timer
        long moves = libraryBean().getRobotMoves();
        assertThat(s.mount(medium, MountOptions.read())).isEqualTo(drive);
        assertThat(libraryBean().getRobotMoves()).isEqualTo(moves);
        s.dismount(medium, DismountMode.DEFERRED);
        clock.advance(Duration.ofSeconds(299));
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drive(s, drive).state()).as("the delay restarts with the second dismount").isEqualTo(DriveState.DISMOUNTABLE);
        clock.advance(Duration.ofSeconds(2));
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.DISMOUNTED);
        PhysicalMediaInfo m = s.info(s.info(medium, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class);
        assertThat(m.location()).isEqualTo(m.homeSlot());
    }

    @Test
    void aTapeTheEvictionPolicyValuesStaysUpToKeepValuedTapesMoreDelaysAndNeverBlocksAMount() throws Exception {
        ManualClock clock = new ManualClock();
        start(l -> l.drives(2).slots(10), b -> b.clock(clock).keepValuedTapes(2));
        MediaSession s = session("app");
        LogicalMediaId valued = allocate(s);
        DriveId drive = s.mount(valued, MountOptions.read());
        s.dismount(valued, DismountMode.DEFERRED);
        for (int delay = 1; delay <= 2; delay++) {
            clock.advance(Duration.ofSeconds(301));
            assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(drive(s, drive).state()).as("kept another delay (%d of 2): the policy values it", delay)
                    .isEqualTo(DriveState.DISMOUNTABLE);
        }
        clock.advance(Duration.ofSeconds(301));
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drive(s, drive).state()).as("home after 2 more delays whatever the policy says")
                .isEqualTo(DriveState.DISMOUNTED);

        // a tape the policy no longer values: two other tapes were mounted since, as many as the library has drives
        LogicalMediaId faded = allocate(s);
        DriveId fadedDrive = s.mount(faded, MountOptions.read());
        s.dismount(faded, DismountMode.DEFERRED);
        LogicalMediaId other = allocate(s);
        for (LogicalMediaId m : List.of(valued, other)) {
            assertThat(s.mount(m, MountOptions.read())).as("the empty drive, not the waiting tape's").isNotEqualTo(fadedDrive);
            s.dismount(m, DismountMode.IMMEDIATE);
            assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drive(s, fadedDrive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        clock.advance(Duration.ofSeconds(301));
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drive(s, fadedDrive).state()).as("home when its first delay runs out").isEqualTo(DriveState.DISMOUNTED);

        // a kept tape's drive is taken by a mount that needs it, as any DISMOUNTABLE drive
        DriveId again = s.mount(faded, MountOptions.read());
        s.dismount(faded, DismountMode.DEFERRED);
        clock.advance(Duration.ofSeconds(301));
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drive(s, again).state()).as("mounted last: valued again, kept").isEqualTo(DriveState.DISMOUNTABLE);
        DriveId keptIn = s.mount(other, MountOptions.read());
        DriveId taken = s.mount(valued, MountOptions.read());
        assertThat(taken).as("the kept tape's drive, the only one not held").isEqualTo(again).isNotEqualTo(keptIn);
        PhysicalMediaInfo evicted = s.info(s.info(faded, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class);
        assertThat(evicted.locationType()).isEqualTo(ObjectType.STORAGESLOT);
    }

    @Test
    void deferredDriveIsEvictedWhenAnotherMediumNeedsItAndNoDriveIsEmpty() throws Exception {
        start(1, 10);
        MediaSession s = session("app");
        LogicalMediaId first = allocate(s);
        LogicalMediaId second = allocate(s);
        DriveId drive = s.mount(first, MountOptions.read());
        s.dismount(first, DismountMode.DEFERRED);

        DriveId other = s.mount(second, MountOptions.read());
        assertThat(other).isEqualTo(drive);
        PhysicalMediaInfo firstMedium = s.info(s.info(first, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class);
        assertThat(firstMedium.location()).isEqualTo(firstMedium.homeSlot());
        assertThat(drive(s, drive).mediumBarCode())
                .isEqualTo(s.info(s.info(second, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class).barCode());
        assertThat(libraryBean().getRobotMoves()).isEqualTo(3);
    }

    @Test
    void anEmptyDriveIsPreferredToEvictingADeferredOne() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId first = allocate(s);
        LogicalMediaId second = allocate(s);
        DriveId d1 = s.mount(first, MountOptions.read());
        s.dismount(first, DismountMode.DEFERRED);
        DriveId d2 = s.mount(second, MountOptions.read());
        assertThat(d2).isNotEqualTo(d1);
        assertThat(drive(s, d1).state()).isEqualTo(DriveState.DISMOUNTABLE);
    }

    @Test
    void specificDriveMountUsesThatDrive() throws Exception {
        start(3, 10);
        MediaSession s = session("app");
        DriveId third = drives(s).get(2).id();
        LogicalMediaId medium = allocate(s);
        DriveId drive = s.mount(medium, MountOptions.builder().specificDrives(java.util.List.of(third)).build());
        assertThat(drive).isEqualTo(third);
    }

    @Test
    void severalMediaAreMountedTogetherInDifferentDrives() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId a = allocate(s);
        LogicalMediaId b = allocate(s);
        java.util.List<DriveId> drives = s.mount(java.util.List.of(a, b), MountOptions.read());
        assertThat(drives).hasSize(2).doesNotHaveDuplicates();
        assertThat(drives(s)).extracting(DriveInfo::state).containsOnly(DriveState.LOADED);
    }

    @Test
    void administrativeDriveDismountSendsTheMediumHome() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId medium = allocate(s);
        DriveId drive = s.mount(medium, MountOptions.read());
        s.dismountDrive(drive);
        await().atMost(Duration.ofSeconds(10)).until(() -> drive(s, drive).state() == DriveState.DISMOUNTED);
        // the session no longer holds it: it can be mounted again
        assertThat(s.mount(medium, MountOptions.read())).isNotNull();
    }
}
