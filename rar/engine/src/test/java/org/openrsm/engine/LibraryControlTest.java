package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LibraryRequestOperation;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaState;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PendingMount;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.PortId;
import org.openrsm.api.PortInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotInfo;
import org.openrsm.api.SlotState;

/** Library control (RSM.md §3.5) on the simulated library, with an operator's hands played by the test. */
class LibraryControlTest extends EngineTestBase {

    private PortId port(MediaSession s) throws Exception {
        return ((PortInfo) s.enumerate(library(s).id(), ObjectType.IEPORT).get(0)).id();
    }

    private LibraryRequestInfo done(MediaSession s, LibraryRequestId id) throws Exception {
        return s.awaitLibraryRequest(id, Duration.ofSeconds(10));
    }

    private List<OperatorRequestInfo> open(MediaSession s, OperatorRequestType type) throws Exception {
        return s.enumerate(null, ObjectType.OPREQUEST).stream().map(o -> (OperatorRequestInfo) o)
                .filter(r -> r.request() == type && r.state() == OperatorRequestState.SUBMITTED).toList();
    }

    @Test
    void injectedCartridgesAreUnrecognizedImportedOrKnownByTheirBarCode() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        sim.putInPort(1, "B00001L8");
        LibraryRequestInfo blank = done(s, s.inject(lib, port(s)));
        assertThat(blank.state()).isEqualTo(LibraryRequestState.PASSED);
        PhysicalMediaInfo b1 = s.info(blank.physicalMedia(), PhysicalMediaInfo.class);
        assertThat(b1.barCode()).isEqualTo("B00001L8");
        assertThat(s.info(b1.mediaPool(), MediaPoolInfo.class).path()).isEqualTo("\\Unrecognized\\LTO_Ultrium");
        assertThat(s.info(b1.sides().get(0), SideInfo.class).state()).isEqualTo(SideState.FOREIGN);
        assertThat(s.info(b1.location(), SlotInfo.class).number()).isEqualTo(4);

        Files.writeString(dir.resolve("tapes/B00002L8.data"), "written elsewhere");
        sim.putInPort(1, "B00002L8");
        PhysicalMediaInfo b2 = s.info(done(s, s.inject(lib, port(s))).physicalMedia(), PhysicalMediaInfo.class);
        assertThat(s.info(b2.mediaPool(), MediaPoolInfo.class).path()).isEqualTo("\\Import\\LTO_Ultrium");
        assertThat(s.info(b2.sides().get(0), SideInfo.class).state()).isEqualTo(SideState.IMPORT);

        // an imported side is allocated by id: the cartridge moves into the application pool
        LogicalMediaId imported = s.allocate(archivePool(s), org.openrsm.api.AllocateOptions.builder().side(b2.sides().get(0)).build());
        assertThat(s.info(imported, LogicalMediaInfo.class).physicalMedia()).isEqualTo(b2.id());
        // unrecognized media go to Free first
        s.moveToMediaPool(b1.id(), s.mediaPool("\\Free\\LTO_Ultrium"));
        assertThat(s.info(b1.sides().get(0), SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
    }

    @Test
    void ejectedMediaGoToTheShelfAndAMountAsksTheOperatorToBringThemBack() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        LogicalMediaId m = allocate(s);
        PhysicalMediaInfo medium = s.info(s.info(m, LogicalMediaInfo.class).physicalMedia(), PhysicalMediaInfo.class);

        assertThat(done(s, s.eject(medium.id(), port(s))).state()).isEqualTo(LibraryRequestState.PASSED);
        PhysicalMediaInfo shelved = s.info(medium.id(), PhysicalMediaInfo.class);
        assertThat(shelved.locationType()).isEqualTo(ObjectType.LIBRARY);
        assertThat(s.info(shelved.currentLibrary(), org.openrsm.api.LibraryInfo.class).libraryType()).isEqualTo(LibraryType.OFFLINE);
        assertThat(s.info(port(s), PortInfo.class).content()).isEqualTo(org.openrsm.api.PortContent.FULL);
        assertThat(s.info(medium.location(), SlotInfo.class).state()).isEqualTo(SlotState.EMPTY);

        assertThatThrownBy(() -> s.mount(m, MountOptions.builder().errorIfOffline().build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_OFFLINE)).hasMessageContaining("A00001L8");
        PendingMount pending = s.mountNoWait(List.of(m), MountOptions.read());
        await().atMost(Duration.ofSeconds(5)).until(() -> !open(s, OperatorRequestType.MOVEMEDIA).isEmpty());
        OperatorRequestInfo ask = open(s, OperatorRequestType.MOVEMEDIA).get(0);
        assertThat(ask.arg1()).isEqualTo(medium.id());
        assertThat(ask.arg2()).isEqualTo(lib);
        assertThat(s.info(medium.id(), PhysicalMediaInfo.class).mediaState()).isEqualTo(MediaState.OPREQ);

        // the operator takes it out of the port, and later puts it back in and injects it
        assertThat(sim.takeFromPort(1)).isEqualTo("A00001L8");
        sim.putInPort(1, "A00001L8");
        done(s, s.inject(lib, port(s)));
        DriveId drive = pending.await(Duration.ofSeconds(10)).get(0);
        assertThat(s.info(drive, DriveInfo.class).mediumBarCode()).isEqualTo("A00001L8");
        assertThat(s.info(ask.id(), OperatorRequestInfo.class).state()).isEqualTo(OperatorRequestState.COMPLETE);
    }

    /** architecture.md: a mount waiting for a MOVEMEDIA request the operator refuses ends CANCELLED at once. */
    @Test
    void aMountWaitingForMediaTheOperatorRefusesToBringIsCancelled() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        PhysicalMediaId medium = s.info(m, LogicalMediaInfo.class).physicalMedia();
        done(s, s.eject(medium, port(s)));
        PendingMount pending = s.mountNoWait(List.of(m), MountOptions.builder().read().timeout(Duration.ofMinutes(10)).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> !open(s, OperatorRequestType.MOVEMEDIA).isEmpty());
        OperatorRequestInfo ask = open(s, OperatorRequestType.MOVEMEDIA).get(0);

        s.cancelOperatorRequest(ask.id());
        assertThatThrownBy(() -> pending.await(Duration.ofSeconds(10)))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.CANCELLED))
                .hasMessageContaining("refused").hasMessageContaining("A00001L8");
        assertThat(pending.isDone()).isTrue();
        assertThat(s.info(medium, PhysicalMediaInfo.class).mediaState()).isEqualTo(MediaState.IDLE);
    }

    @Test
    void ejectAndInjectRefuseWhatTheyCannotDo() throws Exception {
        start(l -> l.drives(1).slots(3).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        LogicalMediaId m = allocate(s);
        var medium = s.info(m, LogicalMediaInfo.class).physicalMedia();
        s.mount(m, MountOptions.read());
        assertThatThrownBy(() -> s.eject(medium, port(s))).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY))
                .hasMessageContaining("mounted by session app");
        LibraryRequestInfo empty = done(s, s.inject(lib, port(s)));
        assertThat(empty.state()).isEqualTo(LibraryRequestState.FAILED);
        assertThat(empty.error()).isEqualTo(RsmError.EMPTY);

        var other = media(s).get(2).id();
        done(s, s.eject(other, port(s)));
        assertThatThrownBy(() -> s.eject(media(s).get(1).id(), port(s)))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.IEPORT_FULL));
        // the library is full (the mounted tape's home slot is kept for it): the cartridge stays in the port
        sim.takeFromPort(1);
        sim.putInPort(1, "C00001L8");
        assertThat(done(s, s.inject(lib, port(s))).state()).isEqualTo(LibraryRequestState.PASSED);
        sim.putInPort(1, "C00002L8");
        LibraryRequestInfo full = done(s, s.inject(lib, port(s)));
        assertThat(full.error()).isEqualTo(RsmError.LIBRARY_FULL);
        assertThat(open(s, OperatorRequestType.DEVICESERVICE)).hasSize(1);
        assertThat(sim.takeFromPort(1)).isEqualTo("C00002L8");
    }

    @Test
    void afterDoorAccessMountsWaitForTheInventoryWhichFindsWhatTheOperatorChanged() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        LogicalMediaId m = allocate(s);
        done(s, s.accessDoor(lib));
        assertThat(library(s).doorOpen()).isTrue();
        assertThat(s.enumerate(lib, ObjectType.STORAGESLOT)).allSatisfy(o -> assertThat(((SlotInfo) o).state())
                .isEqualTo(SlotState.NEEDSINVENTORY));
        PendingMount pending = s.mountNoWait(List.of(m), MountOptions.read());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !pending.isDone());

        // by hand: A00001L8 from slot 1 to slot 6, A00003L8 taken away, D00001L8 brought in
        sim.putInSlot(6, sim.takeFromSlot(1));
        sim.takeFromSlot(3);
        sim.putInSlot(5, "D00001L8");
        assertThat(done(s, s.inventory(lib, InventoryMethod.FAST)).state()).isEqualTo(LibraryRequestState.PASSED);

        assertThat(library(s).doorOpen()).isFalse();
        List<PhysicalMediaInfo> media = media(s);
        assertThat(media).extracting(PhysicalMediaInfo::barCode).containsExactly("A00001L8", "A00002L8", "A00003L8", "D00001L8");
        assertThat(s.info(media.get(0).homeSlot(), SlotInfo.class).number()).isEqualTo(6);   // it may already be on its way to the drive
        assertThat(media.get(2).locationType()).isEqualTo(ObjectType.LIBRARY);
        assertThat(s.info(media.get(3).mediaPool(), MediaPoolInfo.class).path()).isEqualTo("\\Unrecognized\\LTO_Ultrium");
        DriveId drive = pending.await(Duration.ofSeconds(10)).get(0);
        s.dismount(m, org.openrsm.api.DismountMode.IMMEDIATE);
        s.awaitIdle(m, Duration.ofSeconds(10));
        assertThat(s.info(s.info(media.get(0).id(), PhysicalMediaInfo.class).location(), SlotInfo.class).number()).isEqualTo(6);
        assertThat(drive).isNotNull();
    }

    @Test
    void cleaningUsesTheCleanerInItsReservedSlotUntilItIsSpent() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        DriveId drive = drives(s).get(0).id();
        SlotId six = ((SlotInfo) s.enumerate(lib, ObjectType.STORAGESLOT).get(5)).id();
        assertThatThrownBy(() -> s.injectCleaner(lib, port(s), 2))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.CLEANER_SLOT_NOT_SET));
        s.reserveCleanerSlot(lib, six);
        assertThatThrownBy(() -> s.reserveCleanerSlot(lib, six))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.CLEANER_SLOT_SET));
        sim.putInPort(1, "CLN001L1");
        done(s, s.injectCleaner(lib, port(s), 2));
        assertThat(library(s).cleanerBarCode()).isEqualTo("CLN001L1");
        assertThat(library(s).cleanerUsesRemaining()).isEqualTo(2);
        assertThat(s.info(six, SlotInfo.class).state()).isEqualTo(SlotState.FULL);

        // a medium waiting in the drive goes home first
        LogicalMediaId m = allocate(s);
        s.mount(m, MountOptions.read());
        s.dismount(m, org.openrsm.api.DismountMode.DEFERRED);
        assertThat(done(s, s.cleanDrive(drive)).state()).isEqualTo(LibraryRequestState.PASSED);
        DriveInfo cleaned = s.info(drive, DriveInfo.class);
        assertThat(cleaned.lastCleaned()).isNotNull();
        assertThat(cleaned.state()).isEqualTo(DriveState.DISMOUNTED);
        assertThat(library(s).cleanerUsesRemaining()).isEqualTo(1);
        done(s, s.cleanDrive(drive));
        LibraryRequestInfo spent = done(s, s.cleanDrive(drive));
        assertThat(spent.error()).isEqualTo(RsmError.CLEANER_CARTRIDGE_SPENT);
        assertThat(open(s, OperatorRequestType.CLEANER)).hasSize(1);
        assertThatThrownBy(() -> s.releaseCleanerSlot(lib))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.CLEANER_CARTRIDGE_INSTALLED));
    }

    @Test
    void disabledLibrariesDrivesAndMediaRefuseWork() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        LogicalMediaId m = allocate(s);
        var medium = s.info(m, LogicalMediaInfo.class).physicalMedia();
        s.disable(medium);
        assertThatThrownBy(() -> s.disable(medium)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
        assertThatThrownBy(() -> s.mount(m, MountOptions.read())).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.RESOURCE_DISABLED));
        assertThatThrownBy(() -> s.eject(medium, port(s))).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_NOT_AVAILABLE));
        s.enable(medium);
        s.disable(lib);
        assertThatThrownBy(() -> s.mount(m, MountOptions.read())).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.RESOURCE_DISABLED))
                .hasMessageContaining("library lib1 is disabled");
        assertThatThrownBy(() -> s.inventory(lib, InventoryMethod.FAST)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.RESOURCE_DISABLED));
        assertThatThrownBy(() -> s.inject(lib, port(s))).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE));
        s.enable(lib);
        assertThatThrownBy(() -> s.disable(s.mediaPool("\\Archive"))).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
        assertThat(s.mount(m, MountOptions.read())).isNotNull();
    }

    @Test
    void everyQueuedOperationIsALibraryRequestThatCanBeListedAwaitedAndCancelled() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        s.mount(allocate(s), MountOptions.read());
        PendingMount waiting = s.mountNoWait(List.of(allocate(s)), MountOptions.read());
        List<LibraryRequestInfo> requests = s.libraryRequests(lib);
        assertThat(requests).extracting(LibraryRequestInfo::operation).containsExactly(LibraryRequestOperation.MOUNT,
                LibraryRequestOperation.MOUNT);
        assertThat(requests).extracting(LibraryRequestInfo::state).containsExactly(LibraryRequestState.PASSED,
                LibraryRequestState.QUEUED);
        LibraryRequestId queued = requests.get(1).id();
        s.cancelLibraryRequest(queued);
        assertThat(s.info(queued, LibraryRequestInfo.class).state()).isEqualTo(LibraryRequestState.CANCELLED);
        assertThatThrownBy(() -> waiting.await(Duration.ofSeconds(1))).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.CANCELLED));
        assertThatThrownBy(() -> s.cancelLibraryRequest(queued))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND)).hasMessageContaining("no longer outstanding");
        LibraryRequestInfo inventory = done(s, s.inventory(lib, InventoryMethod.NONE));
        assertThat(inventory.state()).isEqualTo(LibraryRequestState.PASSED);
        assertThat(s.enumerate(lib, ObjectType.LIBREQUEST)).hasSize(3);
    }

    @Test
    void aRobotFaultFailsTheMountMarksTheDriveAndAsksForServiceWithoutLosingTheCartridge() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        List<PhysicalMediaInfo> before = media(s);
        sim.failNextMove("gripper jammed");
        assertThatThrownBy(() -> s.mount(m, MountOptions.read()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE)).hasMessageContaining("gripper jammed");
        assertThat(media(s)).usingRecursiveComparison().isEqualTo(before);
        DriveInfo drive = drives(s).get(0);
        assertThat(drive.operationalState()).isEqualTo(OperationalState.NEEDS_SERVICE);
        assertThat(drive.state()).isEqualTo(DriveState.DISMOUNTED);
        OperatorRequestInfo service = open(s, OperatorRequestType.DEVICESERVICE).get(0);
        assertThat(service.arg1()).isEqualTo(drive.id());
        // the only drive needs service: no drive can be used, which is not the same as every drive being busy
        assertThatThrownBy(() -> s.mount(m, MountOptions.builder().errorIfUnavailable().build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("drive1 NEEDS_SERVICE");

        // operator requests live in memory: after a restart the engine asks again for the service
        restart(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession again = session("app");
        assertThat(drives(again).get(0).operationalState()).isEqualTo(OperationalState.NEEDS_SERVICE);
        OperatorRequestInfo asked = open(again, OperatorRequestType.DEVICESERVICE).get(0);
        assertThat(asked.arg1()).isEqualTo(drive.id());
        assertThat(asked.message()).contains("still needs service");

        again.satisfyOperatorRequest(asked.id());
        assertThat(drives(again).get(0).operationalState()).isEqualTo(OperationalState.READY);
        assertThat(again.mount(m, MountOptions.read())).isEqualTo(drive.id());
    }

    @Test
    void aMediumAFailedReturnLeftInADriveWaitsForServiceEvenOverARestartThenGoesHome() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        s.mount(m, MountOptions.read());
        sim.failNextMove("gripper jammed");
        s.dismount(m, org.openrsm.api.DismountMode.IMMEDIATE);
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        DriveInfo d = drives(s).get(0);
        assertThat(d.operationalState()).isEqualTo(OperationalState.NEEDS_SERVICE);
        assertThat(d.state()).isEqualTo(DriveState.DISMOUNTABLE);
        s.setDeferDismountDelay(d.id(), Duration.ZERO);

        restart(l -> l.drives(1).slots(6).cartridges(3).ioPorts(1));
        MediaSession again = session("app");
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drives(again).get(0).mediumBarCode()).as("not sent home before the service").isNotNull();
        again.satisfyOperatorRequest(open(again, OperatorRequestType.DEVICESERVICE).get(0).id());
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(drives(again).get(0).state()).isEqualTo(DriveState.DISMOUNTED);
        PhysicalMediaInfo home = again.info(again.info(m, org.openrsm.api.LogicalMediaInfo.class).physicalMedia(),
                PhysicalMediaInfo.class);
        assertThat(home.location()).isEqualTo(home.homeSlot());
    }

    @Test
    void enumerationFollowsRsmsContainmentRules() throws Exception {
        start(l -> l.drives(2).slots(6).cartridges(3).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        assertThat(s.enumerate(lib, ObjectType.DRIVE)).hasSize(2);
        assertThat(s.enumerate(lib, ObjectType.STORAGESLOT)).hasSize(6);
        assertThat(s.enumerate(lib, ObjectType.PHYSICAL_MEDIA)).hasSize(3);
        assertThat(s.enumerate(lib, ObjectType.MEDIA_TYPE)).hasSize(1);
        PhysicalMediaInfo first = media(s).get(0);
        assertThat(s.enumerate(first.id(), ObjectType.PARTITION)).hasSize(1);
        assertThat(s.enumerate(s.mediaPool("\\Free\\LTO_Ultrium"), ObjectType.PHYSICAL_MEDIA)).hasSize(3);
        assertThat(s.enumerate(null, ObjectType.MEDIA_POOL)).extracting(o -> ((MediaPoolInfo) o).path())
                .contains("\\Free", "\\Import", "\\Unrecognized");
        assertThatThrownBy(() -> s.enumerate(first.id(), ObjectType.DRIVE))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
        assertThatThrownBy(() -> s.enumerate(LibraryId.random(), ObjectType.DRIVE))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));
        assertThatThrownBy(() -> s.info(lib, DriveInfo.class))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
        List<ObjectInfo> none = s.enumerate(s.mediaPool("\\Import\\LTO_Ultrium"), ObjectType.PHYSICAL_MEDIA);
        assertThat(none).isEmpty();
    }
}
