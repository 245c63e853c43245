package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openrsm.engine.ReconcileTest.openRequest;
import static org.openrsm.engine.ReconcileTest.openRequests;

import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.OperationalState;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SlotInfo;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * Faults of the changer (DESIGN.md §7): a jammed robot, a drive that fails mid-load, an unreadable bar code, a
 * blocked slot, a library that goes away, and a defect inside the engine. Each gives a typed error, leaves the
 * catalog where the robot really has every cartridge, raises the operator request RSM would, and recovers.
 */
class FaultTest extends EngineTestBase {
    private static final MountOptions QUICK = MountOptions.builder().write().timeout(Duration.ofSeconds(5)).build();

    private void startWithRetry() throws RsmException {
        start(l -> l.drives(2).slots(10).cartridges(8), b -> b.inventoryRetry(Duration.ofMillis(100)));
    }

    private static PhysicalMediaInfo cartridge(MediaSession s, LogicalMediaId lm) throws RsmException {
        return s.info(s.info(s.info(lm, LogicalMediaInfo.class).side(), SideInfo.class).physicalMedia(), PhysicalMediaInfo.class);
    }

    private static void satisfyAll(MediaSession s, OperatorRequestType type) throws RsmException {
        for (OperatorRequestInfo r : openRequests(s, type)) {
            s.satisfyOperatorRequest(r.id());
        }
    }

    private static RsmError errorOfCall(ThrowingCall call) {
        try {
            call.run();
        } catch (RsmException e) {
            return e.error();
        } catch (Exception e) {
            throw new AssertionError("not an RsmException: " + e, e);
        }
        throw new AssertionError("no error");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aJammedRobotFailsTheMountWithATypedErrorAndRecoversWhenServiced() throws Exception {
        startWithRetry();
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        sim.jamRobot("gripper jammed");

        assertThatThrownBy(() -> s.mount(lm, QUICK))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("gripper jammed").hasMessageContaining(cartridge(s, lm).barCode());
        assertCatalogMatchesChanger(s);
        assertThat(openRequest(s, OperatorRequestType.DEVICESERVICE).message()).contains("gripper jammed");

        sim.clearFaults();
        satisfyAll(s, OperatorRequestType.DEVICESERVICE);
        assertThat(drives(s)).extracting(DriveInfo::operationalState).containsOnly(OperationalState.READY);
        DriveId drive = s.mount(lm, QUICK);
        assertThat(drive(s, drive).mediumBarCode()).isEqualTo(cartridge(s, lm).barCode());
        assertCatalogMatchesChanger(s);
    }

    @Test
    void aDriveThatFailsMidLoadHasTheCartridgeRecordedInItAndNeedsService() throws Exception {
        startWithRetry();
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        sim.failLoads(1);
        sim.failLoads(2);

        assertThatThrownBy(() -> s.mount(lm, QUICK))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("failed to load");
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertCatalogMatchesChanger(s);
        PhysicalMediaInfo m = cartridge(s, lm);
        DriveInfo failed = s.info(m.location(), DriveInfo.class);
        assertThat(failed.operationalState()).isEqualTo(OperationalState.NEEDS_SERVICE);
        assertThat(failed.state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(openRequest(s, OperatorRequestType.DEVICESERVICE).arg1()).isEqualTo(failed.id());

        sim.clearFaults();
        satisfyAll(s, OperatorRequestType.DEVICESERVICE);
        long moves = libraryBean().getRobotMoves();
        assertThat(s.mount(lm, QUICK)).as("served where it is").isEqualTo(failed.id());
        assertThat(libraryBean().getRobotMoves()).isEqualTo(moves);
    }

    @Test
    void anUnreadableBarCodeKeepsTheCartridgeInTheCatalogAndAsksTheOperator() throws Exception {
        startWithRetry();
        MediaSession s = session("app");
        List<PhysicalMediaInfo> before = media(s);
        String label = before.get(2).barCode();
        sim.hideBarCode(label);

        var inventory = s.awaitLibraryRequest(s.inventory(library(s).id(), InventoryMethod.FAST), Duration.ofSeconds(10));
        assertThat(inventory.error()).isNull();
        assertThat(media(s)).as("nothing sent to the shelf").isEqualTo(before);
        OperatorRequestInfo request = openRequest(s, OperatorRequestType.MESSAGE);
        assertThat(request.message()).contains("slot 3 of lib1").contains(label).contains("cannot be read");

        sim.clearFaults();
        s.awaitLibraryRequest(s.inventory(library(s).id(), InventoryMethod.FAST), Duration.ofSeconds(10));
        assertThat(s.mount(before.get(2).sides().get(0), QUICK)).isNotNull();
        assertCatalogMatchesChanger(s);
    }

    @Test
    void aBlockedSlotFailsTheMountOfItsCartridgeOnlyAndNoDriveIsBlamed() throws Exception {
        startWithRetry();
        MediaSession s = session("app");
        LogicalMediaId blocked = allocate(s);
        LogicalMediaId other = allocate(s);
        int slot = s.info(cartridge(s, blocked).location(), SlotInfo.class).number();
        sim.blockSlot(slot);

        assertThatThrownBy(() -> s.mount(blocked, QUICK))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("cannot reach slot " + slot);
        assertThat(drives(s)).extracting(DriveInfo::operationalState).containsOnly(OperationalState.READY);
        assertThat(openRequest(s, OperatorRequestType.DEVICESERVICE).arg1()).isEqualTo(cartridge(s, blocked).location());
        assertCatalogMatchesChanger(s);
        assertThat(s.mount(other, QUICK)).isNotNull();

        sim.clearFaults();
        satisfyAll(s, OperatorRequestType.DEVICESERVICE);
        assertThat(s.mount(blocked, QUICK)).isNotNull();
        assertCatalogMatchesChanger(s);
    }

    @Test
    void aLibraryThatGoesAwayFailsCallsTypedStopsTheRobotAndComesBack() throws Exception {
        startWithRetry();
        MediaSession s = session("app");
        LogicalMediaId mounted = allocate(s);
        LogicalMediaId lm = allocate(s);
        DriveId drive = s.mount(mounted, QUICK);
        sim.goAway();

        assertThat(errorOfCall(() -> s.open(drive, AccessMode.WRITE))).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE);
        assertThatThrownBy(() -> s.mount(lm, QUICK))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("does not answer");
        await().atMost(Duration.ofSeconds(10)).until(() -> !libraryBean().getInventoryNeeded().isEmpty());
        assertThatThrownBy(() -> s.mount(lm, MountOptions.builder().timeout(Duration.ofMillis(300)).build()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT))
                .hasMessageContaining("inventory");

        sim.clearFaults();
        await().atMost(Duration.ofSeconds(10)).until(() -> libraryBean().getInventoryNeeded().isEmpty());
        satisfyAll(s, OperatorRequestType.DEVICESERVICE);
        assertCatalogMatchesChanger(s);
        write(s.open(drive, AccessMode.WRITE), "still mounted");
        assertThat(s.mount(lm, QUICK)).isNotNull();
        assertCatalogMatchesChanger(s);
    }

    /** A changer whose next move or open throws what a driver defect would: an unchecked exception. */
    private static final class DefectiveLibrary implements ChangerSpec {
        final SimulatedLibrary sim;
        final AtomicReference<RuntimeException> nextMove = new AtomicReference<>();
        final AtomicReference<RuntimeException> nextOpen = new AtomicReference<>();

        DefectiveLibrary(SimulatedLibrary sim) {
            this.sim = sim;
        }

        @Override
        public String name() {
            return sim.name();
        }

        @Override
        public Changer open() throws ChangerException {
            Changer real = sim.open();
            return new Changer() {
                public String libraryName() {
                    return real.libraryName();
                }

                public int driveCount() {
                    return real.driveCount();
                }

                public int slotCount() {
                    return real.slotCount();
                }

                public int portCount() {
                    return real.portCount();
                }

                public List<String> mediaTypes() {
                    return real.mediaTypes();
                }

                public List<ElementStatus> elementStatus() throws ChangerException {
                    return real.elementStatus();
                }

                public void move(Element source, Element destination) throws ChangerException {
                    RuntimeException defect = nextMove.getAndSet(null);
                    if (defect != null) {
                        throw defect;
                    }
                    real.move(source, destination);
                }

                public SeekableByteChannel openMedium(int drive, String barCode, int side, boolean write) throws ChangerException {
                    RuntimeException defect = nextOpen.getAndSet(null);
                    if (defect != null) {
                        throw defect;
                    }
                    return real.openMedium(drive, barCode, side, write);
                }

                public String deviceName(int drive) {
                    return real.deviceName(drive);
                }

                public void close() {
                    real.close();
                }
            };
        }
    }

    @Test
    void aDefectInsideTheEngineGivesInternalErrorAndLeavesTheLibraryConsistentAndUsable() throws Exception {
        sim = SimulatedLibrary.named(LIB).drives(2).slots(10).cartridges(8).dataFolder(dir.resolve("tapes"));
        DefectiveLibrary defective = new DefectiveLibrary(sim);
        server = store(RsmServer.builder()).library(defective).start();
        MediaSession s = session("app");
        LogicalMediaId lm = allocate(s);
        List<PhysicalMediaInfo> before = media(s);

        defective.nextMove.set(new NullPointerException("driver bug"));
        assertThatThrownBy(() -> s.mount(lm, QUICK))
                .isInstanceOf(RsmException.class)
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("INTERNAL_ERROR").hasMessageContaining("driver bug");
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(media(s)).isEqualTo(before);
        assertCatalogMatchesChanger(s);
        satisfyAll(s, OperatorRequestType.DEVICESERVICE);

        DriveId drive = s.mount(lm, QUICK);
        defective.nextOpen.set(new IllegalStateException("driver bug in open"));
        assertThatThrownBy(() -> s.open(drive, AccessMode.WRITE))
                .isInstanceOf(RsmException.class)
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INTERNAL_ERROR))
                .hasMessageContaining("driver bug in open");
        write(s.open(drive, AccessMode.WRITE), "after the defect");
        s.dismount(lm, DismountMode.IMMEDIATE);
        s.awaitIdle(lm, Duration.ofSeconds(10));
        assertThat(read(s.open(s.mount(lm, QUICK), AccessMode.READ))).isEqualTo("after the defect");
        assertCatalogMatchesChanger(s);
    }
}
