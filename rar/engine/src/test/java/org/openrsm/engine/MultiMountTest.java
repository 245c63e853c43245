package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.SideInfo;

/** Mounts of several media in one call: one drive per medium, and data always on the medium it was written for. */
class MultiMountTest extends EngineTestBase {

    private static String barCode(MediaSession s, LogicalMediaId lm) throws Exception {
        SideInfo side = s.info(s.info(lm, LogicalMediaInfo.class).side(), SideInfo.class);
        return s.info(side.physicalMedia(), PhysicalMediaInfo.class).barCode();
    }

    /** The defect: every drive DISMOUNTABLE, A's the least recently used; mount([E, A]) gave A's drive twice. */
    @Test
    void mountOfSeveralMediaNeverEvictsOneOfThemAndGivesEachItsOwnDrive() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        MediaPoolId pool = archivePool(s);
        LogicalMediaId a = s.allocate(pool, org.openrsm.api.AllocateOptions.errorIfNoneAvailable());
        LogicalMediaId b = s.allocate(pool, org.openrsm.api.AllocateOptions.errorIfNoneAvailable());
        LogicalMediaId e = s.allocate(pool, org.openrsm.api.AllocateOptions.errorIfNoneAvailable());
        DriveId driveOfA = s.mount(a, MountOptions.write());
        s.dismount(a, DismountMode.DEFERRED);
        DriveId driveOfB = s.mount(b, MountOptions.write());
        s.dismount(b, DismountMode.DEFERRED);
        assertThat(driveOfA).isNotEqualTo(driveOfB);

        List<DriveId> drives = s.mount(List.of(e, a), MountOptions.builder().write().timeout(Duration.ofSeconds(10)).build());

        assertThat(drives).doesNotHaveDuplicates();
        assertThat(drives.get(1)).as("A is served where it waits, with no robot move").isEqualTo(driveOfA);
        assertThat(drives.get(0)).as("E evicts B, not A").isEqualTo(driveOfB);
        assertThat(drive(s, drives.get(0)).mediumBarCode()).isEqualTo(barCode(s, e));
        assertThat(drive(s, drives.get(1)).mediumBarCode()).isEqualTo(barCode(s, a));
        write(s.open(drives.get(0), AccessMode.WRITE), "for E");
        write(s.open(drives.get(1), AccessMode.WRITE), "for A");
        s.dismount(List.of(e, a), DismountMode.IMMEDIATE);
        s.awaitIdle(e, Duration.ofSeconds(10));
        s.awaitIdle(a, Duration.ofSeconds(10));

        assertThat(read(s.open(s.mount(a, MountOptions.read()), AccessMode.READ))).isEqualTo("for A");
        assertThat(read(s.open(s.mount(e, MountOptions.read()), AccessMode.READ))).isEqualTo("for E");
        assertThat(drives(s)).filteredOn(d -> d.state() == DriveState.LOADED).hasSize(2);
    }

    @Test
    void mountOfMoreMediaThanTheLibraryHasDrivesIsRefusedAndChangesNothing() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        MediaPoolId pool = archivePool(s);
        List<LogicalMediaId> three = List.of(s.allocate(pool, org.openrsm.api.AllocateOptions.errorIfNoneAvailable()),
                s.allocate(pool, org.openrsm.api.AllocateOptions.errorIfNoneAvailable()),
                s.allocate(pool, org.openrsm.api.AllocateOptions.errorIfNoneAvailable()));
        List<PhysicalMediaInfo> before = media(s);

        assertThatThrownBy(() -> s.mount(three, MountOptions.builder().write().timeout(Duration.ofSeconds(2)).build()))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RsmError.INVALID_PARAMETER))
                .hasMessageContaining("3 media").hasMessageContaining("has 2");
        assertThat(media(s)).isEqualTo(before);
        assertThat(s.libraryRequests(library(s).id())).isEmpty();
    }

    @Test
    void openRefusesADriveThatHoldsNoSideOfTheSession() throws Exception {
        start(2, 10);
        MediaSession owner = session("owner");
        MediaSession other = session("other");
        LogicalMediaId a = allocate(owner);
        DriveId drive = owner.mount(a, MountOptions.write());

        assertThatThrownBy(() -> other.open(drive, AccessMode.WRITE))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RsmError.INVALID_STATE))
                .hasMessageContaining("no medium mounted for this session");
        owner.dismount(a, DismountMode.DEFERRED);
        assertThatThrownBy(() -> owner.open(drive, AccessMode.WRITE))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RsmError.INVALID_STATE));
    }
}
