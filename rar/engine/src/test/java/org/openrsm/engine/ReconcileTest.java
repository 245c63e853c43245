package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaState;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SlotInfo;
import org.openrsm.api.SlotState;
import org.openrsm.changer.Changer;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.ElementType;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * Start-up and inventory reconciliation: what the changer did but the catalog missed (a crash between the two)
 * ends in exactly the state the normal path records; an element status that cannot be right is not applied; a
 * bar code in two places is named and kept from mounts while the rest of the library works.
 */
class ReconcileTest extends EngineTestBase {
    private static final UnaryOperator<SimulatedLibrary> GEOMETRY = l -> l.drives(2).slots(10).cartridges(8);

    private static PhysicalMediaInfo cartridge(MediaSession s, LogicalMediaId lm) throws RsmException {
        SideInfo side = s.info(s.info(lm, LogicalMediaInfo.class).side(), SideInfo.class);
        return s.info(side.physicalMedia(), PhysicalMediaInfo.class);
    }

    /** A crash after the robot's move, before the catalog's commit: the move is done again by hand, engine stopped. */
    private void robotMovesWhileTheEngineIsDown(Element from, Element to) throws Exception {
        server.close();
        Changer changer = GEOMETRY.apply(SimulatedLibrary.named(LIB).dataFolder(dir.resolve("tapes"))).open();
        changer.move(from, to);
        changer.close();
        start(GEOMETRY);
    }

    @Test
    void aReturnHomeTheCatalogMissedEndsAsTheNormalPathLeavesIt() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId normal = allocate(s);
        LogicalMediaId crashed = allocate(s);
        s.mount(normal, MountOptions.write());
        s.dismount(normal, DismountMode.IMMEDIATE);
        s.awaitIdle(normal, Duration.ofSeconds(10));
        PhysicalMediaInfo expected = cartridge(s, normal);
        DriveId drive = s.mount(crashed, MountOptions.write());
        s.dismount(crashed, DismountMode.DEFERRED);
        PhysicalMediaInfo before = cartridge(s, crashed);
        int driveNumber = drive(s, drive).number();
        int home = s.info(before.homeSlot(), SlotInfo.class).number();

        robotMovesWhileTheEngineIsDown(Element.drive(driveNumber), Element.slot(home));

        MediaSession t = session("app");
        PhysicalMediaInfo after = cartridge(t, crashed);
        assertThat(after.mediaState()).isEqualTo(expected.mediaState()).isEqualTo(MediaState.IDLE);
        assertThat(after.mountedSide()).isEqualTo(expected.mountedSide()).isNull();
        assertThat(after.locationType()).isEqualTo(expected.locationType()).isEqualTo(ObjectType.STORAGESLOT);
        assertThat(after.location()).isEqualTo(after.homeSlot()).isEqualTo(before.homeSlot());
        assertThat(t.info(after.location(), SlotInfo.class).state()).isEqualTo(SlotState.FULL);
        DriveInfo d = drive(t, drive);
        assertThat(d.state()).isEqualTo(DriveState.DISMOUNTED);
        assertThat(d.mountedSide()).isNull();
        assertThat(d.mediumBarCode()).isNull();
        // and it mounts as any cartridge at home does: one robot move into a drive
        long moves = libraryBean().getRobotMoves();
        t.mount(crashed, MountOptions.read());
        assertThat(libraryBean().getRobotMoves()).isEqualTo(moves + 1);
    }

    @Test
    void aLoadTheCatalogMissedEndsAsADeferredDismountWouldLeaveIt() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId normal = allocate(s);
        LogicalMediaId crashed = allocate(s);
        DriveId normalDrive = s.mount(normal, MountOptions.write());
        s.dismount(normal, DismountMode.DEFERRED);
        PhysicalMediaInfo expected = cartridge(s, normal);
        PhysicalMediaInfo before = cartridge(s, crashed);
        DriveId empty = drives(s).stream().filter(d -> d.state() == DriveState.DISMOUNTED).findFirst().orElseThrow().id();

        robotMovesWhileTheEngineIsDown(Element.slot(s.info(before.location(), SlotInfo.class).number()),
                Element.drive(drive(s, empty).number()));

        MediaSession t = session("app");
        PhysicalMediaInfo after = cartridge(t, crashed);
        assertThat(after.mediaState()).isEqualTo(expected.mediaState()).isEqualTo(MediaState.LOADED);
        assertThat(after.mountedSide()).isEqualTo(after.sides().get(0));
        assertThat(after.location()).isEqualTo(empty);
        assertThat(after.homeSlot()).as("its home is kept for its return").isEqualTo(before.homeSlot());
        assertThat(t.info(before.homeSlot(), SlotInfo.class).state()).isEqualTo(SlotState.EMPTY);
        assertThat(drive(t, empty).state()).isEqualTo(drive(t, normalDrive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        long moves = libraryBean().getRobotMoves();
        assertThat(t.mount(crashed, MountOptions.read())).isEqualTo(empty);
        assertThat(libraryBean().getRobotMoves()).isEqualTo(moves);
    }

    @Test
    void anEjectTheCatalogMissedEndsOnTheShelfAsAnEjectWouldLeaveIt() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        PhysicalMediaInfo before = cartridge(s, lm);

        robotMovesWhileTheEngineIsDown(Element.slot(s.info(before.location(), SlotInfo.class).number()), Element.port(1));

        MediaSession t = session("app");
        PhysicalMediaInfo after = cartridge(t, lm);
        assertThat(after.locationType()).isEqualTo(ObjectType.LIBRARY);
        assertThat(t.info(after.currentLibrary(), org.openrsm.api.LibraryInfo.class).libraryType())
                .isEqualTo(org.openrsm.api.LibraryType.OFFLINE);
        assertThat(after.homeSlot()).isNull();
        assertThat(after.mediaState()).isEqualTo(MediaState.IDLE);
        assertThat(t.info(before.homeSlot(), SlotInfo.class).state()).isEqualTo(SlotState.EMPTY);
        assertThat(t.info(lm, LogicalMediaInfo.class)).as("the allocation survives the eject").isNotNull();
    }

    @Test
    void aDamagedElementStatusRefusesTheStartWithAClearErrorAndChangesNothing() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        s.mount(lm, MountOptions.write());
        s.dismount(lm, DismountMode.DEFERRED);
        List<PhysicalMediaInfo> before = media(s);
        server.close();
        Path status = dir.resolve("tapes").resolve("changer.properties");
        byte[] good = Files.readAllBytes(status);

        for (byte[] damaged : List.of(new byte[0], java.util.Arrays.copyOf(good, good.length / 2))) {
            Files.write(status, damaged);
            assertThatThrownBy(() -> start(GEOMETRY))
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                    .hasMessageContaining("lib1").hasMessageContaining("changer.properties").hasMessageContaining("damaged");
            server = null;
        }

        Files.write(status, good);
        start(GEOMETRY);
        assertThat(media(session("app"))).isEqualTo(before);
    }

    @Test
    void anEmptyStatusWhileTheCatalogHasCartridgesIsNotAppliedUntilSomeoneLooks() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        List<PhysicalMediaInfo> before = media(s);
        server.close();
        // the library's element status is lost: the simulator starts from an empty, well-formed status
        Path tapes = dir.resolve("tapes");
        Path saved = dir.resolve("saved.properties");
        Files.move(tapes.resolve("changer.properties"), saved);
        server = store(RsmServer.builder()).inventoryRetry(Duration.ofMillis(200))
                .library(SimulatedLibrary.named(LIB).drives(2).slots(10).cartridges(0).dataFolder(tapes)).start();

        MediaSession t = session("app");
        assertThat(media(t)).as("nothing reconciled away").isEqualTo(before);
        assertThat(libraryBean().getInventoryNeeded()).contains("reports no cartridge at all").contains("8");
        OperatorRequestInfo request = openRequest(t, OperatorRequestType.DEVICESERVICE);
        assertThat(request.message()).contains("lib1");
        assertThatThrownBy(() -> t.mount(lm, MountOptions.builder().timeout(Duration.ofMillis(300)).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT))
                .hasMessageContaining("inventory");

        // the operator has looked and the library really is empty: satisfying the request accepts what it reports
        t.satisfyOperatorRequest(request.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> libraryBean().getInventoryNeeded().isEmpty());
        assertThat(cartridge(t, lm).locationType()).isEqualTo(ObjectType.LIBRARY);
    }

    @Test
    void aStatusThatComesBackIsTakenByTheRetriedInventory() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        List<PhysicalMediaInfo> before = media(s);
        server.close();
        Path tapes = dir.resolve("tapes");
        Path saved = dir.resolve("saved.properties");
        Files.move(tapes.resolve("changer.properties"), saved);
        SimulatedLibrary emptied = SimulatedLibrary.named(LIB).drives(2).slots(10).cartridges(0).dataFolder(tapes);
        server = store(RsmServer.builder()).inventoryRetry(Duration.ofMillis(200)).library(emptied).start();
        assertThat(libraryBean().getInventoryNeeded()).isNotEmpty();

        // the magazine is back: the operator puts every cartridge where it was, with the door open
        MediaSession op = session("op");
        for (PhysicalMediaInfo m : before) {
            emptied.putInSlot(op.info(m.location(), SlotInfo.class).number(), m.barCode());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> libraryBean().getInventoryNeeded().isEmpty());
        MediaSession t = session("app");
        assertThat(media(t)).isEqualTo(before);
        assertThat(openRequests(t, OperatorRequestType.DEVICESERVICE)).as("the request was closed").isEmpty();
        assertThat(t.mount(allocate(t), MountOptions.write())).isNotNull();
    }

    @Test
    void aBarCodeInTwoSlotsIsNamedAndKeptFromMountsWhileTheRestOfTheLibraryWorks() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        String twice = media(s).get(0).barCode();
        PhysicalMediaInfo first = media(s).get(0);
        sim.putInSlot(9, twice);

        var inventory = s.awaitLibraryRequest(s.inventory(library(s).id(), InventoryMethod.FAST), Duration.ofSeconds(10));
        assertThat(inventory.error()).isNull();
        OperatorRequestInfo request = openRequest(s, OperatorRequestType.MESSAGE);
        assertThat(request.message()).contains(twice).contains("slot 1 of lib1").contains("slot 9 of lib1");
        assertThatThrownBy(() -> s.mount(first.sides().get(0), MountOptions.read()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_NOT_AVAILABLE))
                .hasMessageContaining(twice).hasMessageContaining("slot 9");
        SlotInfo slot9 = slots(s).get(8);
        assertThat(slot9.state()).as("not taken for a free slot").isEqualTo(SlotState.FULL);
        assertThat(slot9.medium()).isNull();
        LogicalMediaId onIt = allocate(s);
        assertThat(cartridge(s, onIt).barCode()).as("allocation takes the lowest bar code").isEqualTo(twice);
        LogicalMediaId other = allocate(s);
        DriveId drive = s.mount(other, MountOptions.write());
        s.dismount(other, DismountMode.IMMEDIATE);
        s.awaitIdle(other, Duration.ofSeconds(10));
        assertThat(drive(s, drive).state()).isEqualTo(DriveState.DISMOUNTED);

        assertThat(sim.takeFromSlot(9)).isEqualTo(twice);
        s.awaitLibraryRequest(s.inventory(library(s).id(), InventoryMethod.FAST), Duration.ofSeconds(10));
        assertThat(s.mount(first.sides().get(0), MountOptions.read())).isNotNull();
    }

    @Test
    void aCartridgeAnOperatorMovedWithTheDoorOpenIsMountedFromWhereItIsNow() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        PhysicalMediaInfo c = cartridge(s, lm);
        int from = slotNumber(s, c.location());
        sim.putInSlot(10, sim.takeFromSlot(from));   // the library answers the robot's next move: contents changed

        DriveId drive = s.mount(lm, MountOptions.write());

        int number = drive(s, drive).number();
        assertThat(sim.elementStatus()).as("the cartridge the mount named is in the drive")
                .contains(ElementStatus.holding(Element.drive(number), c.barCode()))
                .contains(ElementStatus.empty(Element.slot(from)))
                .contains(ElementStatus.empty(Element.slot(10)));
        assertThat(cartridge(s, lm).location()).isEqualTo(drive);
        s.dismount(lm, DismountMode.IMMEDIATE);
        s.awaitIdle(lm, Duration.ofSeconds(10));
        assertThat(sim.elementStatus()).as("it goes home: the slot it is known by now")
                .contains(ElementStatus.holding(Element.slot(10), c.barCode()));
    }

    @Test
    void aTapeWhoseHomeSlotAnOperatorFilledWithTheDoorOpenGoesToAnEmptySlot() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        DriveId drive = s.mount(lm, MountOptions.write());
        PhysicalMediaInfo c = cartridge(s, lm);
        int home = slotNumber(s, c.homeSlot());
        sim.putInSlot(home, "DOOR01L8");

        s.dismount(lm, DismountMode.IMMEDIATE);
        s.awaitIdle(lm, Duration.ofSeconds(10));

        PhysicalMediaInfo after = cartridge(s, lm);
        assertThat(after.locationType()).isEqualTo(ObjectType.STORAGESLOT);
        int now = slotNumber(s, after.location());
        assertThat(now).as("an empty slot").isIn(9, 10);
        assertThat(sim.elementStatus()).as("the changer agrees with the catalog")
                .contains(ElementStatus.holding(Element.slot(now), c.barCode()))
                .contains(ElementStatus.holding(Element.slot(home), "DOOR01L8"))
                .contains(ElementStatus.empty(Element.drive(drive(s, drive).number())));
        assertThat(media(s)).filteredOn(m -> m.barCode().equals("DOOR01L8")).singleElement()
                .satisfies(m -> assertThat(slotNumber(s, m.location())).isEqualTo(home));
    }

    @Test
    void aCartridgeAnOperatorSwappedWithTheDoorOpenIsNeverTakenForTheOneTheMountNamed() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        PhysicalMediaInfo c = cartridge(s, lm);
        int slot = slotNumber(s, c.location());
        sim.takeFromSlot(slot);
        sim.putInSlot(slot, "SWAP01L8");   // another cartridge where the catalog has the mount's

        assertThatThrownBy(() -> s.mount(lm, MountOptions.write()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MEDIA_OFFLINE))
                .hasMessageContaining(c.barCode()).hasMessageContaining("no longer in lib1");

        assertThat(sim.elementStatus()).as("nothing was moved into a drive")
                .contains(ElementStatus.holding(Element.slot(slot), "SWAP01L8"))
                .filteredOn(e -> e.element().type() == ElementType.DRIVE)
                .allMatch(e -> !e.full());
        assertThat(drives(s)).allMatch(d -> d.state() == DriveState.DISMOUNTED);
        assertThat(cartridge(s, lm).locationType()).as("on the shelf").isEqualTo(ObjectType.LIBRARY);
        assertThat(media(s)).filteredOn(m -> m.barCode().equals("SWAP01L8")).singleElement()
                .satisfies(m -> assertThat(slotNumber(s, m.location())).isEqualTo(slot));
    }

    private static int slotNumber(MediaSession s, RsmId slot) throws RsmException {
        return s.info(slot, SlotInfo.class).number();
    }

    private static List<SlotInfo> slots(MediaSession s) throws RsmException {
        return s.enumerate(library(s).id(), ObjectType.STORAGESLOT).stream().map(o -> (SlotInfo) o)
                .sorted(java.util.Comparator.comparingInt(SlotInfo::number)).toList();
    }

    static List<OperatorRequestInfo> openRequests(MediaSession s, OperatorRequestType type) throws RsmException {
        return s.enumerate(null, ObjectType.OPREQUEST).stream().map(o -> (OperatorRequestInfo) o)
                .filter(r -> r.request() == type && r.completed() == null).toList();
    }

    static OperatorRequestInfo openRequest(MediaSession s, OperatorRequestType type) throws RsmException {
        List<OperatorRequestInfo> open = openRequests(s, type);
        assertThat(open).as("open " + type + " requests").hasSize(1);
        return open.get(0);
    }
}
