package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * Store failures for real (RSM.md §7): a store that cannot be written (another connection holds the table
 * locked) gives DATABASE_FAILURE, one whose disk is full DATABASE_FULL; in both cases nothing is half done.
 */
class StoreFailureTest extends EngineTestBase {

    @Test
    void aStoreThatCannotBeWrittenGivesDatabaseFailureAndChangesNothing() throws Exception {
        start(2, 6);
        MediaSession s = session("app");
        MediaPoolId pool = archivePool(s);
        List<PhysicalMediaInfo> before = media(s);

        try (Connection other = storeConnection()) {
            shortLockWaits(other);
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("LOCK TABLE LOGICAL_MEDIA IN EXCLUSIVE MODE");
            }
            java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.logging.Handler handler = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    logged.add(r);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            java.util.logging.Logger commits = java.util.logging.Logger.getLogger(CatalogCommits.class.getName());
            commits.addHandler(handler);
            try {
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> s.allocate(pool, AllocateOptions.errorIfNoneAvailable()))
                            .isInstanceOf(RsmException.class)
                            .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DATABASE_FAILURE))
                            .hasMessageContaining("allocate A00001L8");
                }
            } finally {
                commits.removeHandler(handler);
            }
            // an operationally important event: logged once for the outage, naming what was refused
            assertThat(logged).hasSize(1).first().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
                assertThat(r.getMessage()).contains("allocate A00001L8").contains("DATABASE_FAILURE");
            });
            // nothing half done: no logical medium, the side still AVAILABLE, the cartridge still in Free
            assertThat(media(s)).usingRecursiveComparison().isEqualTo(before);
            assertThat(s.info(before.get(0).sides().get(0), SideInfo.class).state()).isEqualTo(SideState.AVAILABLE);
            assertThat(s.info(pool, MediaPoolInfo.class).numberOfLogicalMedia()).isZero();
            other.rollback();
        }
        var m = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        assertThat(s.info(m, LogicalMediaInfo.class).side()).isEqualTo(before.get(0).sides().get(0));
    }

    /**
     * The robot moved but the store refused the record: the mount is served (the changer confirmed the move and the
     * robot did not wait for the disk), the robot then waits for an inventory, retried until the store takes it; the
     * records that waited reach the store ahead of it.
     */
    @Test
    void aRobotMoveTheStoreCannotRecordStopsTheRobotUntilAnInventoryPutsTheCatalogRight() throws Exception {
        start(l -> l.drives(2).slots(6), b -> b.inventoryRetry(java.time.Duration.ofMillis(200)));
        MediaSession s = session("app");
        var lm = allocate(s);
        var other = allocate(s);
        try (Connection locker = storeConnection()) {
            shortLockWaits(locker);
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE DRIVE IN EXCLUSIVE MODE");
            }
            var drive = s.mount(lm, org.openrsm.api.MountOptions.write());
            assertThat(drive(s, drive).state()).isEqualTo(org.openrsm.api.DriveState.LOADED);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> libraryBean().getInventoryNeeded().contains("could not record"));
            assertThat(libraryBean().getInventoryNeeded()).contains("lib1").contains("the store is behind the changer");
            assertThat(ReconcileTest.openRequest(s, org.openrsm.api.OperatorRequestType.DEVICESERVICE).message())
                    .contains("could not record");
            assertThat(cartridgesInStoreAt(drive)).as("the store has not taken the move").isZero();
            // the store cannot record moves: no mount is served that needs the robot
            assertThatThrownBy(() -> s.mount(other, org.openrsm.api.MountOptions.builder()
                    .timeout(java.time.Duration.ofMillis(300)).build()))
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT))
                    .hasMessageContaining("inventory");
            locker.rollback();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> libraryBean().getInventoryNeeded().isEmpty());
            assertThat(cartridgesInStoreAt(drive)).as("the waiting record reached the store before the inventory")
                    .isEqualTo(1);
            assertCatalogMatchesChanger(s);
            assertThat(ReconcileTest.openRequests(s, org.openrsm.api.OperatorRequestType.DEVICESERVICE)).isEmpty();
            s.dismount(lm, org.openrsm.api.DismountMode.DEFERRED);
            long moves = libraryBean().getRobotMoves();
            var again = s.mount(lm, org.openrsm.api.MountOptions.write());
            assertThat(again).isEqualTo(drive);
            assertThat(libraryBean().getRobotMoves()).as("the cartridge was already in the drive").isEqualTo(moves);
            assertThat(drive(s, again).state()).isEqualTo(org.openrsm.api.DriveState.LOADED);
        }
    }

    /** How many cartridges the store's own rows have in {@code drive} (read past the engine, in a new connection). */
    private int cartridgesInStoreAt(org.openrsm.api.DriveId drive) throws Exception {
        try (Connection c = storeConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM PHYSICAL_MEDIA WHERE LOCATION_ID = ?")) {
            ps.setString(1, drive.value().toString());
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aFullDiskGivesDatabaseFullAndWhatWasCommittedSurvives() throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        // CI runs as root (.ci/run); where mount is not allowed the test fails rather than pass unrun
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", small.toString()))
                .as("mounting a size-limited tmpfs for the store (needs root)").isTrue();
        try {
            server = RsmServer.builder().store(small.resolve("db"))
                    .library(SimulatedLibrary.named(LIB).drives(1).slots(4).dataFolder(dir.resolve("tapes"))).start();
            MediaSession s = session("app");
            var lto = s.mediaType("LTO_Ultrium");
            Path filler = small.resolve("filler");
            long free = Files.getFileStore(small).getUsableSpace();
            Files.write(filler, new byte[(int) Math.max(0, free - 64 * 1024)]);
            int created = 0;
            RsmException full = null;
            for (int i = 0; i < 100_000 && full == null; i++) {
                try {
                    s.createMediaPool("\\P" + i + "-" + "x".repeat(50), lto, CreateDisposition.CREATE_NEW);
                    created++;
                } catch (RsmException e) {
                    full = e;
                }
            }
            assertThat(full).isNotNull();
            assertThat(full.error()).isEqualTo(RsmError.DATABASE_FULL);
            int failedAt = created;
            assertThatThrownBy(() -> s.mediaPool("\\P" + failedAt + "-" + "x".repeat(50)))
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));

            server.close();
            Files.delete(filler);
            server = RsmServer.builder().store(small.resolve("db"))
                    .library(SimulatedLibrary.named(LIB).drives(1).slots(4).dataFolder(dir.resolve("tapes"))).start();
            MediaSession t = server.openSession("app");
            for (int i = 0; i < created; i++) {
                assertThat(t.mediaPool("\\P" + i + "-" + "x".repeat(50))).isNotNull();
            }
            assertThatThrownBy(() -> t.mediaPool("\\P" + failedAt + "-" + "x".repeat(50)))
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));
            t.close();
        } finally {
            if (server != null) {
                server.close();
                server = null;
            }
            run("umount", small.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
