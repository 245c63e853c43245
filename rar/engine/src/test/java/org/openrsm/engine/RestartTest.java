package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;
import org.openrsm.changer.sim.SimulatedLibrary;

/** A restarted engine on the same folders finds every cartridge where it was, mounted ones included. */
class RestartTest extends EngineTestBase {
    private static final UnaryOperator<SimulatedLibrary> GEOMETRY = l -> l.drives(3).slots(10);

    @Test
    void restartFindsEveryCartridgeWhereItWasAndKeepsAllocationsAndData() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId loaded = allocate(s);
        LogicalMediaId deferred = allocate(s);
        LogicalMediaId home = allocate(s);
        DriveId loadedIn = s.mount(loaded, MountOptions.write());
        s.setDeferDismountDelay(loadedIn, java.time.Duration.ofHours(1));
        org.openrsm.engine.EngineTestBase.write(s.open(loadedIn, AccessMode.WRITE), "kept across restarts");
        DriveId deferredIn = s.mount(deferred, MountOptions.read());
        s.setDeferDismountDelay(deferredIn, java.time.Duration.ofHours(1));
        s.dismount(deferred, DismountMode.DEFERRED);
        s.mount(home, MountOptions.read());
        s.dismount(home, DismountMode.IMMEDIATE);
        s.awaitIdle(home, java.time.Duration.ofSeconds(10));
        var mediaBefore = media(s);
        var archiveBefore = s.mediaPool("\\Archive");

        restart(GEOMETRY);
        MediaSession t = session("app");
        var mediaAfter = media(t);
        assertThat(mediaAfter).extracting(PhysicalMediaInfo::barCode, PhysicalMediaInfo::location, PhysicalMediaInfo::mediaPool)
                .containsExactlyElementsOf(mediaBefore.stream()
                        .map(m -> org.assertj.core.groups.Tuple.tuple(m.barCode(), m.location(), m.mediaPool())).toList());
        // nobody holds anything after a restart: what was in a drive waits there as if deferred
        assertThat(drive(t, loadedIn).state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(drive(t, deferredIn).state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(drive(t, loadedIn).deferDismountDelay()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(t.info(t.info(home, LogicalMediaInfo.class).side(), SideInfo.class).state()).isEqualTo(SideState.ALLOCATED);

        long movesBefore = libraryBean().getRobotMoves();
        DriveId again = t.mount(loaded, MountOptions.read());
        assertThat(again).isEqualTo(loadedIn);
        assertThat(libraryBean().getRobotMoves()).isEqualTo(movesBefore);
        assertThat(read(t.open(again, AccessMode.READ))).isEqualTo("kept across restarts");
        assertThat(t.mediaPool("\\Archive")).isEqualTo(archiveBefore);
    }

    @Test
    void cartridgesMovedWhileTheEngineWasDownAreFoundByTheStartUpInventory() throws Exception {
        start(GEOMETRY);
        MediaSession s = session("app");
        LogicalMediaId m = allocate(s);
        s.mount(m, MountOptions.read());
        server.close();
        // an operator moves the tape in slot 10 to slot 1, and the one in drive 1 into slot 10
        org.openrsm.changer.Changer changer = GEOMETRY.apply(SimulatedLibrary.named(LIB).dataFolder(dir.resolve("tapes"))).open();
        changer.move(org.openrsm.changer.Element.slot(10), org.openrsm.changer.Element.slot(1));
        changer.move(org.openrsm.changer.Element.drive(1), org.openrsm.changer.Element.slot(10));
        changer.close();

        start(GEOMETRY);
        MediaSession t = session("app");
        PhysicalMediaInfo moved = media(t).get(0);
        assertThat(moved.barCode()).isEqualTo("A00001L8");
        assertThat(t.info(moved.location(), org.openrsm.api.SlotInfo.class).number()).isEqualTo(10);
        assertThat(drives(t).get(0).state()).isEqualTo(DriveState.DISMOUNTED);
        PhysicalMediaInfo tenth = media(t).get(9);
        assertThat(t.info(tenth.location(), org.openrsm.api.SlotInfo.class).number()).isEqualTo(1);
    }

    /**
     * A first start killed while Derby created the database (the crash campaign's kill landed there): what it left
     * is a half-made folder beside the store, never the store itself, and the next start creates the database.
     */
    @Test
    void aStartKilledWhileCreatingTheDatabaseLeavesNothingThatBlocksTheNext() throws Exception {
        java.nio.file.Path cut = dir.resolve("db.creating");
        java.nio.file.Files.createDirectories(cut.resolve("seg0"));
        java.nio.file.Files.writeString(cut.resolve("seg0").resolve("c10.dat"), "half written");
        java.nio.file.Files.createDirectories(dir.resolve("db"));   // an empty folder made for the store

        // the embedded Derby store's own creation, whatever store the other tests run on
        sim = GEOMETRY.apply(SimulatedLibrary.named(LIB).dataFolder(dir.resolve("tapes")));
        server = RsmServer.builder().store(dir.resolve("db")).library(sim).start();
        MediaSession s = session("app");
        LogicalMediaId kept = allocate(s);
        assertThat(cut).doesNotExist();
        assertThat(dir.resolve("db").resolve("service.properties")).exists();
        server.close();
        sessions.clear();
        server = RsmServer.builder().store(dir.resolve("db")).library(GEOMETRY.apply(SimulatedLibrary.named(LIB)
                .dataFolder(dir.resolve("tapes")))).start();
        assertThat(session("app").info(kept, LogicalMediaInfo.class)).isNotNull();
    }
}
