package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.TgtLab;
import org.openrsm.changer.mtx.MtxStatus;

/**
 * The engine's flows on a real SCSI library (tgt's emulated changer and tape drives), through a real driver:
 * start-up inventory, mount and write, deferred dismount and a mount that costs no robot move, read back,
 * immediate dismount, inject and eject through the mail slots with an operator's hands (tgtadm), an inventory
 * after the door was opened, and a drive that fails to load. Where the cartridges are is checked on the library
 * itself ({@code mtx status}), not in the catalog.
 */
abstract class TgtLibraryFlows {
    @TempDir
    Path dir;
    RsmServer server;
    MediaSession s;

    abstract TgtLab lab();

    abstract ChangerSpec library();

    @BeforeEach
    void start() throws Exception {
        lab().reset();
        server = RsmServer.builder().store(dir.resolve("db")).library(library()).inventoryRetry(Duration.ofMillis(500))
                .start();
        s = server.openSession("tgt-flows");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.awaitRobotsIdle(Duration.ofSeconds(30));
            server.close();
        }
    }

    /** Where the library itself has each bar code: "drive 1", "slot 3", "port 2". */
    private java.util.Map<String, String> physical() {
        MtxStatus status = MtxStatus.parse(lab().mtx("status"));
        java.util.Map<String, String> where = new java.util.HashMap<>();
        status.elements().stream().filter(e -> e.barCode() != null)
                .forEach(e -> where.put(e.barCode(), e.element().toString()));
        return where;
    }

    private PhysicalMediaInfo medium(String barCode) throws RsmException {
        for (ObjectInfo o : s.enumerate(null, ObjectType.PHYSICAL_MEDIA)) {
            if (o instanceof PhysicalMediaInfo m && barCode.equals(m.barCode())) {
                return m;
            }
        }
        return null;
    }

    private LibraryRequestInfo done(org.openrsm.api.LibraryRequestId request) throws RsmException {
        return s.awaitLibraryRequest(request, Duration.ofSeconds(60));
    }

    private org.openrsm.api.LibraryId library(MediaSession s) throws RsmException {
        return EngineTestBase.library(s).id();
    }

    private PortId port(int number) throws RsmException {
        for (ObjectInfo o : s.enumerate(library(s), ObjectType.IEPORT)) {
            if (((org.openrsm.api.PortInfo) o).number() == number) {
                return (PortId) o.id();
            }
        }
        throw new AssertionError("no port " + number);
    }

    private static String read(SeekableByteChannel channel) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (channel) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (channel.read(b.clear()) > 0) {
                out.write(b.array(), 0, b.position());
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startUpFindsTheCartridgesAndTheDrivesTapeDevices() throws Exception {
        List<String> barCodes = new ArrayList<>();
        for (ObjectInfo o : s.enumerate(null, ObjectType.PHYSICAL_MEDIA)) {
            barCodes.add(((PhysicalMediaInfo) o).barCode());
        }
        assertThat(barCodes).containsExactlyInAnyOrderElementsOf(TgtLab.CARTRIDGES);
        assertThat(EngineTestBase.drives(s)).extracting(DriveInfo::deviceName).containsExactlyElementsOf(lab().driveUrls());
    }

    @Test
    void writeDismountDeferredMountAgainWithoutARobotMoveReadBackAndSendHome() throws Exception {
        LogicalMediaId medium = EngineTestBase.allocate(s);
        DriveId drive = s.mount(List.of(medium), MountOptions.write()).get(0);
        String barCode = s.info(drive, DriveInfo.class).mediumBarCode();
        assertThat(physical().get(barCode)).isEqualTo("drive " + s.info(drive, DriveInfo.class).number());
        try (SeekableByteChannel c = s.open(drive, AccessMode.WRITE)) {
            c.write(ByteBuffer.wrap("archived on a real SCSI library".getBytes(StandardCharsets.UTF_8)));
        }
        s.dismount(List.of(medium), DismountMode.DEFERRED);
        assertThat(s.info(drive, DriveInfo.class).state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(physical().get(barCode)).startsWith("drive");
        org.openrsm.jmx.LibraryMXBean bean = javax.management.JMX.newMXBeanProxy(
                java.lang.management.ManagementFactory.getPlatformMBeanServer(),
                new javax.management.ObjectName("org.openrsm:type=Library,name=" + library().name()),
                org.openrsm.jmx.LibraryMXBean.class);
        long moves = bean.getRobotMoves();
        DriveId again = s.mount(List.of(medium), MountOptions.read()).get(0);
        assertThat(again).isEqualTo(drive);
        assertThat(bean.getRobotMoves()).isEqualTo(moves);
        assertThat(read(s.open(again, AccessMode.READ))).isEqualTo("archived on a real SCSI library");
        s.dismount(List.of(medium), DismountMode.IMMEDIATE);
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(60))).isTrue();
        PhysicalMediaInfo cartridge = medium(barCode);
        int homeSlot = s.info(cartridge.homeSlot(), org.openrsm.api.SlotInfo.class).number();
        assertThat(physical().get(barCode)).isEqualTo("slot " + homeSlot);
    }

    @Test
    void injectFromAMailSlotEjectToOneAndTheOperatorTakesItAway() throws Exception {
        lab().putInPort(1, "B00001L4");
        assertThat(done(s.inject(library(s), port(1))).state()).isEqualTo(LibraryRequestState.PASSED);
        assertThat(physical().get("B00001L4")).startsWith("slot");
        PhysicalMediaInfo injected = medium("B00001L4");
        assertThat(injected).isNotNull();
        assertThat(physical().get("B00001L4")).isEqualTo("slot " + s.info(injected.location(),
                org.openrsm.api.SlotInfo.class).number());
        assertThat(done(s.eject(injected.id(), port(2))).state()).isEqualTo(LibraryRequestState.PASSED);
        assertThat(physical().get("B00001L4")).isEqualTo("port 2");
        lab().takeFromPort(2);
        assertThat(done(s.inventory(library(s), InventoryMethod.FAST)).state()).isEqualTo(LibraryRequestState.PASSED);
        // a blank cartridge that came in unrecognized and left again is forgotten, as RSM forgets it
        assertThatThrownBy(() -> s.info(injected.id(), PhysicalMediaInfo.class))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.OBJECT_NOT_FOUND));
        assertThat(physical()).doesNotContainKey("B00001L4");
    }

    @Test
    void anInventoryFindsWhatAnOperatorPutInThroughTheDoor() throws Exception {
        lab().putInSlot(8, "B00002L4");
        assertThat(medium("B00002L4")).isNull();
        assertThat(done(s.inventory(library(s), InventoryMethod.DEFAULT)).state()).isEqualTo(LibraryRequestState.PASSED);
        PhysicalMediaInfo found = medium("B00002L4");
        assertThat(found).isNotNull();
        assertThat(s.info(found.location(), org.openrsm.api.SlotInfo.class).number()).isEqualTo(8);
    }

    @Test
    void aLibraryThatGoesAwayFailsMountsAsksForServiceAndServesAgainWhenItIsBack() throws Exception {
        LogicalMediaId medium = EngineTestBase.allocate(s);
        lab().powerOff();
        try {
            assertThatThrownBy(() -> s.mount(List.of(medium), MountOptions.write())).isInstanceOf(RsmException.class)
                    .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE));
            await().atMost(Duration.ofSeconds(30)).until(() -> s.enumerate(null, ObjectType.OPREQUEST).stream()
                    .anyMatch(o -> o instanceof OperatorRequestInfo r && r.request() == OperatorRequestType.DEVICESERVICE
                            && r.state() == org.openrsm.api.OperatorRequestState.SUBMITTED));
            assertThat(EngineTestBase.drives(s)).hasSize(2);   // the server goes on answering
        } finally {
            lab().powerOn();
        }
        // the inventory retried in the background finds the library again: the mount that failed now succeeds
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            DriveId drive = s.mount(List.of(medium), MountOptions.write()).get(0);
            s.dismount(List.of(medium), DismountMode.DEFERRED);
            return drive != null;
        });
        assertThat(physical()).hasSize(6);
    }

    @Test
    void aCartridgeWhoseBarCodeAnOperatorChangedIsANewCartridgeAfterTheInventory() throws Exception {
        PhysicalMediaInfo old = medium("A00006L4");
        assertThat(physical().get("A00006L4")).isEqualTo("slot 6");
        lab().putInSlot(6, "B00003L4");   // the door open, a new label on the cartridge in slot 6
        assertThat(done(s.inventory(library(s), InventoryMethod.DEFAULT)).state()).isEqualTo(LibraryRequestState.PASSED);
        PhysicalMediaInfo relabelled = medium("B00003L4");
        assertThat(relabelled).isNotNull();
        assertThat(s.info(relabelled.location(), org.openrsm.api.SlotInfo.class).number()).isEqualTo(6);
        PhysicalMediaInfo gone = s.info(old.id(), PhysicalMediaInfo.class);
        assertThat(gone.locationType()).isEqualTo(ObjectType.LIBRARY);   // no longer in the library: on the shelf
        assertThat(s.info(gone.currentLibrary(), org.openrsm.api.LibraryInfo.class).libraryType())
                .isEqualTo(org.openrsm.api.LibraryType.OFFLINE);
    }

    @Test
    void aDriveThatCannotLoadATapeFailsTheMountNeedsServiceAndAsksForAnOperator() throws Exception {
        // a cartridge whose tape tgt cannot load: the library reports HARDWARE ERROR 15/01
        lab().putInSlot(8, "NOFILE01");
        done(s.inventory(library(s), InventoryMethod.DEFAULT));
        PhysicalMediaInfo bad = medium("NOFILE01");
        assertThatThrownBy(() -> s.mount(List.of(bad.sides().get(0)), MountOptions.read()))
                .isInstanceOf(RsmException.class)
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.UNABLE_TO_LOAD_MEDIUM))
                .hasMessageContaining("HARDWARE ERROR 15/01");
        await().atMost(Duration.ofSeconds(30)).until(() -> EngineTestBase.drives(s).stream()
                .anyMatch(d -> d.operationalState() == OperationalState.NEEDS_SERVICE));
        assertThat(s.enumerate(null, ObjectType.OPREQUEST)).filteredOn(o -> o instanceof OperatorRequestInfo r
                && r.request() == OperatorRequestType.DEVICESERVICE).isNotEmpty();
        assertThat(physical().get("NOFILE01")).isEqualTo("slot 8");   // the robot put it back: nothing is lost
    }
}
