package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;

/** Bad input gets RSM's error, names the object, and leaves the library as it was. */
class ErrorsTest extends EngineTestBase {

    private void assertRefused(MediaSession s, RsmError error, String text, ThrowingCallable call) throws Exception {
        List<DriveInfo> drives = drives(s);
        List<PhysicalMediaInfo> media = media(s);
        assertThatThrownBy(call).isInstanceOf(RsmException.class)
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(error))
                .hasMessageContaining(text);
        assertThat(drives(s)).usingRecursiveComparison().isEqualTo(drives);
        assertThat(media(s)).usingRecursiveComparison().isEqualTo(media);
    }

    @Test
    void unknownMediumIsInvalidMedia() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        SideId unknown = SideId.random();
        assertRefused(s, RsmError.INVALID_MEDIA, unknown + " is not known", () -> s.mount(unknown, MountOptions.read()));
        LogicalMediaId unknownLogical = LogicalMediaId.random();
        assertRefused(s, RsmError.INVALID_MEDIA, unknownLogical.toString(),
                () -> s.dismount(unknownLogical, DismountMode.IMMEDIATE));
    }

    @Test
    void theSameMediumTwiceInOneMountIsInvalidMedia() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        assertRefused(s, RsmError.INVALID_MEDIA, "given twice", () -> s.mount(List.of(m, m), MountOptions.read()));
    }

    @Test
    void dismountOfAMediumThatIsNotMountedIsInvalidState() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        assertRefused(s, RsmError.INVALID_STATE, "A00001L8 is not mounted", () -> s.dismount(m, DismountMode.DEFERRED));
    }

    @Test
    void aFailingMediumInADismountListDismountsNoneOfThem() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId mounted = allocate(s);
        LogicalMediaId notMounted = allocate(s);
        s.mount(mounted, MountOptions.read());
        assertRefused(s, RsmError.INVALID_STATE, "is not mounted",
                () -> s.dismount(List.of(mounted, notMounted), DismountMode.IMMEDIATE));
    }

    @Test
    void mountingTwiceInOneSessionIsInvalidState() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        s.mount(m, MountOptions.read());
        assertRefused(s, RsmError.INVALID_STATE, "already mounted by this session", () -> s.mount(m, MountOptions.read()));
    }

    @Test
    void writingACompleteSideIsWriteProtected() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        s.setComplete(m);
        assertRefused(s, RsmError.WRITE_PROTECT, "complete", () -> s.mount(m, MountOptions.write()));
        DriveId drive = s.mount(m, MountOptions.read());
        assertRefused(s, RsmError.WRITE_PROTECT, "mounted for reading", () -> s.open(drive, AccessMode.WRITE));
    }

    @Test
    void openingADriveThatHoldsNothingForTheSessionIsInvalidState() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        DriveId drive = drives(s).get(0).id();
        assertRefused(s, RsmError.INVALID_STATE, "drive1", () -> s.open(drive, AccessMode.READ));
        assertRefused(s, RsmError.INVALID_DRIVE, "is not known", () -> s.open(DriveId.random(), AccessMode.READ));
    }

    @Test
    void aClosedSessionIsAnInvalidHandle() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        s.close();
        assertThatThrownBy(() -> s.libraries()).satisfies(e -> assertThat(((RsmException) e).error())
                .isEqualTo(RsmError.INVALID_HANDLE));
    }

    @Test
    void specificDrivesMustMatchTheMedia() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        assertRefused(s, RsmError.INVALID_PARAMETER, "one drive per medium", () -> s.mount(List.of(m),
                MountOptions.builder().specificDrives(List.of(drives(s).get(0).id(), drives(s).get(1).id())).build()));
        DriveId unknown = DriveId.random();
        assertRefused(s, RsmError.INVALID_DRIVE, unknown.toString(),
                () -> s.mount(m, MountOptions.builder().specificDrives(List.of(unknown)).build()));
    }

    @Test
    void poolErrorsNameThePool() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        assertRefused(s, RsmError.OBJECT_NOT_FOUND, "\\Nope does not exist", () -> s.mediaPool("\\Nope"));
        assertRefused(s, RsmError.OBJECT_NOT_FOUND, "parent pool \\A", () -> s.createMediaPool("\\A\\B",
                s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS));
        assertRefused(s, RsmError.INVALID_NAME, "at most 64", () -> s.createMediaPool("\\" + "x".repeat(65),
                s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS));
        assertRefused(s, RsmError.INVALID_MEDIA, "'Floppy'", () -> s.mediaType("Floppy"));
        assertRefused(s, RsmError.INVALID_MEDIA_POOL, "application pools only",
                () -> s.allocate(s.mediaPool("\\Free\\LTO_Ultrium"), AllocateOptions.errorIfNoneAvailable()));
        archivePool(s);
        assertRefused(s, RsmError.ALREADY_EXISTS, "\\Archive exists", () -> s.createMediaPool("\\Archive",
                s.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW));
    }

    @Test
    void aDeferDismountDelayOutsideRsmsRangeIsRefusedAndChangesNothing() throws Exception {
        start(1, 2);
        MediaSession s = session("app");
        DriveId drive = drives(s).get(0).id();
        java.time.Duration before = drive(s, drive).deferDismountDelay();
        assertRefused(s, RsmError.INVALID_PARAMETER, "must be 0 to 4294967295 s",
                () -> s.setDeferDismountDelay(drive, java.time.Duration.ofSeconds(99_999_999_999_999L)));
        assertRefused(s, RsmError.INVALID_PARAMETER, "must be 0 to", () -> s.setDeferDismountDelay(drive,
                java.time.Duration.ofSeconds(-1)));
        assertThat(drive(s, drive).deferDismountDelay()).isEqualTo(before);
        s.setDeferDismountDelay(drive, java.time.Duration.ofSeconds(4_294_967_295L));
        assertThat(drive(s, drive).deferDismountDelay()).isEqualTo(java.time.Duration.ofSeconds(4_294_967_295L));
    }
}
