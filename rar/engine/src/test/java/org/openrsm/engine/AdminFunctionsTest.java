package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OmidLabelType;
import org.openrsm.api.OperationalState;
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
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * CreateNtmsMedia, UpdateNtmsOmidInfo, Add/Delete/ChangeNtmsMediaType, inject STARTMANY and eject QUEUE,
 * IdentifyNtmsSlot, DeleteNtmsLibrary, DeleteNtmsDrive, SetNtmsRequestOrder.
 */
class AdminFunctionsTest extends EngineTestBase {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static List<PortId> ports(MediaSession s) throws Exception {
        return s.enumerate(library(s).id(), ObjectType.IEPORT).stream().map(o -> ((PortInfo) o).id()).toList();
    }

    private static SlotId slot(MediaSession s, int number) throws Exception {
        return ((SlotInfo) s.enumerate(library(s).id(), ObjectType.STORAGESLOT).get(number - 1)).id();
    }

    private static PhysicalMediaInfo medium(MediaSession s, String barCode) throws Exception {
        return media(s).stream().filter(m -> barCode.equals(m.barCode())).findFirst().orElseThrow();
    }

    @Test
    void createdMediaWaitOnTheShelfAndAreRecognisedWhenInjected() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(2).ioPorts(1));
        MediaSession s = session("app");
        MediaPoolId archive = archivePool(s);
        PhysicalMediaId created = s.createMedia("MOVED1L8", archive, true);

        PhysicalMediaInfo info = s.info(created, PhysicalMediaInfo.class);
        assertThat(info.locationType()).isEqualTo(ObjectType.LIBRARY);
        assertThat(s.info(info.currentLibrary(), LibraryInfo.class).libraryType()).isEqualTo(LibraryType.OFFLINE);
        assertThat(info.mediaPool()).isEqualTo(archive);
        assertThat(s.info(info.sides().get(0), SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
        // the same bar code again: refused with NTMS_ERROR_ON_DUPLICATE, the same cartridge without it
        assertThatThrownBy(() -> s.createMedia("MOVED1L8", archive, true))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA)).hasMessageContaining("MOVED1L8");
        assertThat(s.createMedia("MOVED1L8", archive, false)).isEqualTo(created);
        // Free is not a pool new media may be created in; cleaners are not media
        MediaPoolId free = s.mediaPool("\\Free\\LTO_Ultrium");
        assertThatThrownBy(() -> s.createMedia("OTHER1L8", free, true))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA_POOL)).hasMessageContaining("\\Free");
        assertThatThrownBy(() -> s.createMedia("CLN001L1", archive, true))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA));
        assertThatThrownBy(() -> s.createMedia(" ", archive, true))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
        assertThat(media(s)).hasSize(3);

        // the allocation of the offline side asks the operator; the inject recognises the bar code
        sim.putInPort(1, "MOVED1L8");
        s.awaitLibraryRequest(s.inject(library(s).id(), ports(s).get(0)), WAIT);
        PhysicalMediaInfo in = s.info(created, PhysicalMediaInfo.class);
        assertThat(in.locationType()).isEqualTo(ObjectType.STORAGESLOT);
        assertThat(in.mediaPool()).isEqualTo(archive);
        LogicalMediaId lm = s.allocate(archive, AllocateOptions.builder().side(in.sides().get(0)).build());
        assertThat(s.info(lm, LogicalMediaInfo.class).physicalMedia()).isEqualTo(created);
    }

    @Test
    void theLabelAnApplicationWroteIsRecordedOnTheSideAndSurvivesARestart() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        byte[] label = "VOL1A00001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> s.updateOmidInfo(lm, OmidLabelType.RAW_LABEL, new byte[0]))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
        assertThatThrownBy(() -> s.updateOmidInfo(lm, OmidLabelType.RAW_LABEL, new byte[MediaSession.MAX_OMID_LABEL + 1]))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER)).hasMessageContaining("4097 bytes");
        assertThatThrownBy(() -> s.updateOmidInfo(LogicalMediaId.random(), OmidLabelType.RAW_LABEL, label))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA));
        s.updateOmidInfo(lm, OmidLabelType.RAW_LABEL, label);

        var sideId = s.info(lm, LogicalMediaInfo.class).side();
        restart(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession again = session("app");
        SideInfo side = again.info(sideId, SideInfo.class);
        assertThat(side.omidLabelType()).isEqualTo(OmidLabelType.RAW_LABEL);
        assertThat(side.omidLabel()).isEqualTo(label);

        again.setComplete(lm);
        assertThatThrownBy(() -> again.updateOmidInfo(lm, OmidLabelType.FILESYSTEM_INFO, label))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("COMPLETE");
        assertThat(again.info(sideId, SideInfo.class).omidLabelType()).isEqualTo(OmidLabelType.RAW_LABEL);
    }

    @Test
    void aLibraryTakesTheMediaTypesItIsGivenAndKeepsThemOverARestart() throws Exception {
        start(l -> l.drives(1).slots(4).cartridges(2));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        MediaTypeId lto = s.mediaType("LTO_Ultrium");
        MediaTypeId dlt = s.mediaType("DLT");
        s.addMediaType(dlt, lib);
        s.addMediaType(dlt, lib);   // idempotent
        assertThat(library(s).mediaTypes()).containsExactly(lto, dlt);
        assertThat(s.mediaPool("\\Free\\DLT")).isNotNull();

        // ChangeNtmsMediaType: an LTO cartridge becomes a DLT one in a DLT pool
        MediaPoolId dltPool = s.createMediaPool("\\DLT archive", dlt, CreateDisposition.CREATE_NEW);
        PhysicalMediaInfo first = media(s).get(0);
        s.changeMediaType(first.id(), dltPool);
        PhysicalMediaInfo changed = s.info(first.id(), PhysicalMediaInfo.class);
        assertThat(changed.mediaType()).isEqualTo(dlt);
        assertThat(changed.mediaPool()).isEqualTo(dltPool);
        MediaPoolId container = s.createMediaPool("\\Only pools", null, CreateDisposition.CREATE_NEW);
        assertThatThrownBy(() -> s.changeMediaType(first.id(), container))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA_POOL));
        MediaPoolId twoSided = s.createMediaPool("\\MO", s.mediaType("MO_5_RW"), CreateDisposition.CREATE_NEW);
        assertThatThrownBy(() -> s.changeMediaType(first.id(), twoSided))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_INCOMPATIBLE)).hasMessageContaining("1 side");

        // DeleteNtmsMediaType: not while the library holds such media, not the last type
        assertThatThrownBy(() -> s.deleteMediaType(dlt, lib))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.NOT_EMPTY)).hasMessageContaining("1 DLT");
        s.changeMediaType(first.id(), s.mediaPool("\\Free\\LTO_Ultrium"));
        assertThat(s.info(first.id(), PhysicalMediaInfo.class).mediaType()).isEqualTo(lto);
        s.deleteMediaType(dlt, lib);
        assertThat(library(s).mediaTypes()).containsExactly(lto);
        assertThatThrownBy(() -> s.deleteMediaType(lto, lib))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("only media type");
        assertThatThrownBy(() -> s.addMediaType(MediaTypeId.random(), lib))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA));
        assertThatThrownBy(() -> session("x", "bob").addMediaType(dlt, lib))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED)).hasMessageContaining("MODIFY");

        s.addMediaType(dlt, lib);
        restart(l -> l.drives(1).slots(4).cartridges(2));
        assertThat(library(session("app")).mediaTypes()).containsExactly(lto, dlt);
    }

    @Test
    void oneInjectTakesEveryPortAndOneEjectFillsSeveral() throws Exception {
        start(l -> l.drives(1).slots(8).cartridges(3).ioPorts(3));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        assertThat(s.awaitLibraryRequest(s.injectAll(lib), WAIT).error()).isEqualTo(RsmError.EMPTY);
        sim.putInPort(1, "NEW001L8");
        sim.putInPort(3, "NEW003L8");
        LibraryRequestInfo in = s.awaitLibraryRequest(s.injectAll(lib), WAIT);
        assertThat(in.state()).isEqualTo(LibraryRequestState.PASSED);
        assertThat(media(s)).extracting(PhysicalMediaInfo::barCode).contains("NEW001L8", "NEW003L8");
        assertThat(media(s)).allMatch(m -> m.locationType() == ObjectType.STORAGESLOT);
        assertThat(ports(s)).allMatch(p -> sim.elementStatus().stream().noneMatch(
                es -> es.full() && es.element().type() == org.openrsm.changer.ElementType.PORT));

        List<PhysicalMediaId> all = media(s).stream().map(PhysicalMediaInfo::id).toList();
        assertThatThrownBy(() -> s.ejectAll(all))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.BUSY)).hasMessageContaining("5 media")
                .hasMessageContaining("3 empty IE port");
        assertThatThrownBy(() -> s.ejectAll(List.of(all.get(0), all.get(0))))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_MEDIA));
        assertThat(media(s)).allMatch(m -> m.locationType() == ObjectType.STORAGESLOT);
        LibraryRequestInfo out = s.awaitLibraryRequest(s.ejectAll(all.subList(0, 3)), WAIT);
        assertThat(out.state()).isEqualTo(LibraryRequestState.PASSED);
        for (int port = 1; port <= 3; port++) {
            assertThat(sim.takeFromPort(port)).isNotNull();
        }
        assertThat(media(s).stream().filter(m -> m.locationType() == ObjectType.LIBRARY)).hasSizeGreaterThanOrEqualTo(1);
        assertThat(media(s).stream().filter(m -> m.locationType() == ObjectType.STORAGESLOT)).hasSize(2);
    }

    @Test
    void identifyingASlotReadsTheCartridgeAndPutsItBackOrLeavesItInTheDrive() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(2).ioPorts(1));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        assertThat(s.identifySlot(slot(s, 6), DismountMode.IMMEDIATE)).isNull();
        assertThatThrownBy(() -> s.identifySlot(SlotId.random(), DismountMode.IMMEDIATE))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));

        // a cartridge put in through the door, with data on it: identify runs the inventory, then reads the label
        s.awaitLibraryRequest(s.accessDoor(lib), WAIT);
        sim.putInSlot(5, "DOOR05L8");
        Files.writeString(dir.resolve("tapes").resolve("DOOR05L8.data"), "written elsewhere");
        PhysicalMediaId found = s.identifySlot(slot(s, 5), DismountMode.IMMEDIATE);
        PhysicalMediaInfo info = s.info(found, PhysicalMediaInfo.class);
        assertThat(info.barCode()).isEqualTo("DOOR05L8");
        assertThat(info.location()).isEqualTo(slot(s, 5));
        assertThat(s.info(info.mediaPool(), MediaPoolInfo.class).path()).isEqualTo("\\Import\\LTO_Ultrium");
        assertThat(libraryBean().getMounts()).isEqualTo(1);

        // an unlabelled cartridge injected is Unrecognized; once it carries data, identify makes it Import
        sim.putInPort(1, "BLANK1L8");
        s.awaitLibraryRequest(s.inject(lib, ports(s).get(0)), WAIT);
        PhysicalMediaInfo blank = medium(s, "BLANK1L8");
        assertThat(s.info(blank.mediaPool(), MediaPoolInfo.class).path()).isEqualTo("\\Unrecognized\\LTO_Ultrium");
        Files.writeString(dir.resolve("tapes").resolve("BLANK1L8.data"), "label");
        s.identifySlot((SlotId) blank.location(), DismountMode.DEFERRED);
        PhysicalMediaInfo identified = s.info(blank.id(), PhysicalMediaInfo.class);
        assertThat(s.info(identified.mediaPool(), MediaPoolInfo.class).path()).isEqualTo("\\Import\\LTO_Ultrium");
        assertThat(s.info(identified.sides().get(0), SideInfo.class).state()).isEqualTo(SideState.IMPORT);
        assertThat(identified.locationType()).isEqualTo(ObjectType.DRIVE);
        assertThat(drives(s).get(0).state()).isEqualTo(DriveState.DISMOUNTABLE);
    }

    @Test
    void drivesAndLibrariesTheChangerNoLongerHasCanBeDeleted() throws Exception {
        start(l -> l.drives(3).slots(4).cartridges(2));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        DriveId third = drives(s).get(2).id();
        assertThatThrownBy(() -> s.deleteDrive(third))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("READY");
        assertThatThrownBy(() -> s.deleteLibrary(lib))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE)).hasMessageContaining("online");

        restart(l -> l.drives(2).slots(4).cartridges(2));
        MediaSession again = session("app");
        assertThat(again.info(third, DriveInfo.class).operationalState()).isEqualTo(OperationalState.NOT_PRESENT);
        LogicalMediaId lm = allocate(again);
        again.mount(lm, MountOptions.read());
        again.mount(allocate(again), MountOptions.read());
        assertThat(drives(again)).filteredOn(d -> d.state() == DriveState.LOADED).hasSize(2);
        assertThatThrownBy(() -> session("x", "bob").deleteDrive(third))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED));
        again.deleteDrive(third);
        assertThat(drives(again)).hasSize(2);
        assertThatThrownBy(() -> again.info(third, DriveInfo.class)).satisfies(e -> assertThat(errorOf(e)).isIn(
                RsmError.OBJECT_NOT_FOUND, RsmError.INVALID_DRIVE));

        // the library is configured under another name: the old one is NOT_PRESENT and can be forgotten
        sessions.clear();
        server.close();
        sim = SimulatedLibrary.named("lib2").dataFolder(dir.resolve("tapes2")).drives(1).slots(2).cartridges(1)
                .barCodes("B", "L8");
        server = store(RsmServer.builder()).library(sim).start();
        MediaSession third2 = server.openSession("app");
        assertThat(third2.info(lib, LibraryInfo.class).operationalState()).isEqualTo(OperationalState.NOT_PRESENT);
        PhysicalMediaId oldMedium = third2.info(lm, LogicalMediaInfo.class).physicalMedia();
        third2.deleteLibrary(lib);
        assertThat(third2.libraries()).extracting(LibraryInfo::name).containsExactlyInAnyOrder("lib2", "Offline Library");
        PhysicalMediaInfo onShelf = third2.info(oldMedium, PhysicalMediaInfo.class);
        assertThat(onShelf.locationType()).isEqualTo(ObjectType.LIBRARY);
        assertThat(third2.info(lm, LogicalMediaInfo.class).physicalMedia()).isEqualTo(oldMedium);
        assertThatThrownBy(() -> third2.deleteLibrary(lib))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_LIBRARY));
        third2.close();
    }

    @Test
    void aQueuedMountCanBeMovedToTheFrontOrTheBackOfTheQueue() throws Exception {
        start(l -> l.drives(1).slots(6).cartridges(5));
        MediaSession s = session("app");
        LibraryId lib = library(s).id();
        LogicalMediaId held = allocate(s);
        s.mount(held, MountOptions.read());
        PendingMount a = s.mountNoWait(List.of(allocate(s)), MountOptions.builder().priority(5).build());
        PendingMount b = s.mountNoWait(List.of(allocate(s)), MountOptions.read());
        PendingMount c = s.mountNoWait(List.of(allocate(s)), MountOptions.read());
        List<LibraryRequestInfo> queued = s.libraryRequests(lib).stream()
                .filter(r -> r.state() == LibraryRequestState.QUEUED || r.state() == LibraryRequestState.WAITING).toList();
        assertThat(queued).hasSize(3);
        var ra = queued.get(0).id();
        var rc = queued.get(2).id();
        assertThat(s.requestOrder(rc)).isEqualTo(3);
        s.setRequestOrder(rc, 1);
        assertThat(s.requestOrder(rc)).isEqualTo(1);
        assertThat(s.requestOrder(ra)).isEqualTo(2);
        s.setRequestOrder(ra, 99);
        assertThat(s.requestOrder(ra)).isEqualTo(3);
        assertThatThrownBy(() -> s.setRequestOrder(rc, 0))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
        assertThatThrownBy(() -> session("x", "bob").setRequestOrder(rc, 2))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED));
        // a mount queued later, at the same priority, still queues behind
        PendingMount d = s.mountNoWait(List.of(allocate(s)), MountOptions.read());
        assertThat(s.requestOrder(s.libraryRequests(lib).get(s.libraryRequests(lib).size() - 1).id())).isEqualTo(4);

        s.dismount(held, DismountMode.IMMEDIATE);
        List<DriveId> got = c.await(WAIT);
        assertThat(got).hasSize(1);
        assertThat(a.isDone()).isFalse();
        assertThat(b.isDone()).isFalse();
        assertThat(d.isDone()).isFalse();
        assertThatThrownBy(() -> s.setRequestOrder(rc, 1))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
    }
}
