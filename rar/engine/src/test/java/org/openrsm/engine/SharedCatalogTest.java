package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.store.PostgresLab;

/**
 * Two servers on one catalog in PostgreSQL and one library (issue 14): one drives the library at a time, holding a
 * lease with a fencing token; another stands by, takes over when the owner stops or dies, and the database refuses
 * whatever a server that lost its lease still tries. Runs on the tests' own PostgreSQL (tools/pg-lab) whatever store
 * the other tests use.
 */
class SharedCatalogTest extends SharedCatalogTestBase {
    /** A server named {@code name} on the shared catalog, with its own pool, standing by at most {@code standBy}. */
    private RsmServer serverNamed(String name, Duration standBy) throws RsmException {
        return serverNamed(name, standBy, LEASE);
    }

    private static long robotMoves(RsmServer s) {
        return s.engine().libraries.values().iterator().next().robotMoves.get();
    }

    @Test
    void aSecondServerStandsByWhileTheFirstOwnsTheCatalogAndTakesItOverWhenTheFirstStops() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO);
        MediaSession onA = a.openSession("app");
        LogicalMediaId kept = allocate(onA);

        assertThatThrownBy(() -> serverNamed("b", Duration.ZERO))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("server a drives the libraries of this catalog (token " + a.ownerToken())
                .hasMessageContaining("this server (b) stands by");

        onA.close();
        a.close();   // a clean stop gives the catalog up: no wait for the lease
        RsmServer b = serverNamed("b", LEASE.multipliedBy(4));
        assertThat(b.ownerToken()).isEqualTo(a.ownerToken() + 1);
        MediaSession onB = b.openSession("app");
        // the same catalog: what the first server allocated is there
        assertThat(onB.enumerate(null, ObjectType.LOGICAL_MEDIA)).extracting(ObjectInfo::id).containsExactly(kept);
        assertCatalogMatchesChanger(onB);
    }

    @Test
    void aServerStandingByTakesOverAsSoonAsTheOwnerStopsNotAtItsNextTry() throws Exception {
        Duration lease = Duration.ofSeconds(60);   // a try every 15 s: only the owner's release can wake it sooner
        RsmServer a = serverNamed("a", Duration.ZERO, lease);
        CompletableFuture<RsmServer> b = CompletableFuture.supplyAsync(() -> {
            try {
                return serverNamed("b", Duration.ofMinutes(2), lease);
            } catch (RsmException e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> listening(schema) == 1);
        a.close();
        RsmServer taken = b.get(10, TimeUnit.SECONDS);
        assertThat(taken.ownerToken()).isEqualTo(a.ownerToken() + 1);
        assertThat(listening(schema)).as("the listener's connection is closed once it owns the catalog").isZero();
    }

    /** Connections of the schema's pools that wait for the release of the catalog (LISTEN, CatalogListener). */
    private static int listening(String schema) throws SQLException {
        try (Connection c = PostgresLab.shared().connection("public"); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ? AND query = 'LISTEN openrsm_catalog'")) {
            ps.setString(1, "openrsm-" + schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void whenTheOwnerDiesAnotherTakesOverAfterTheLeaseAndTheDeadServersTapesWaitInTheirDrives() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO);
        MediaSession onA = a.openSession("app");
        LogicalMediaId written = allocate(onA);
        LogicalMediaId other = allocate(onA);
        DriveId drive = onA.mount(written, MountOptions.write());
        write(onA.open(drive, AccessMode.WRITE), "written before the crash");

        a.crash();
        assertThatThrownBy(() -> onA.mount(other, MountOptions.read()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.NOT_CONNECTED))
                .hasMessageContaining("no longer drives its libraries");

        RsmServer b = serverNamed("b", LEASE.multipliedBy(4));
        assertThat(b.ownerToken()).isEqualTo(a.ownerToken() + 1);
        MediaSession onB = b.openSession("app");
        // the dead server's session is gone: its tape waits in its drive, DISMOUNTABLE, never lost
        assertThat(drive(onB, drive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertCatalogMatchesChanger(onB);
        long moves = robotMoves(b);
        assertThat(onB.mount(written, MountOptions.read())).isEqualTo(drive);
        assertThat(robotMoves(b)).as("a mount of the tape waiting in its drive moves no robot").isEqualTo(moves);
        assertThat(read(onB.open(drive, AccessMode.READ))).isEqualTo("written before the crash");
        onB.mount(other, MountOptions.read());
        assertCatalogMatchesChanger(onB);
    }

    @Test
    void aServerThatLostItsLeaseWhilePausedChangesNothingWhenItWakesUp() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO);
        MediaSession onA = a.openSession("app");
        LogicalMediaId first = allocate(onA);
        a.pauseLease();   // the whole server stops (a frozen VM): nobody renews its lease

        RsmServer b = serverNamed("b", LEASE.multipliedBy(4));
        MediaSession onB = b.openSession("app");

        // the paused server wakes up and goes on as if nothing happened: it finds its lease stale and refuses, and
        // what got past that check the database refuses (the fence: SharedCatalogFencingTest)
        assertThatThrownBy(() -> allocate(onA))
                .satisfies(e -> assertThat(errorOf(e)).isIn(RsmError.NOT_CONNECTED, RsmError.DATABASE_FAILURE));
        // and its robot moves nothing: its lease is stale, whatever its lease thread knows
        assertThatThrownBy(() -> onA.mount(first, MountOptions.read()))
                .satisfies(e -> assertThat(errorOf(e)).isIn(RsmError.DEVICE_NOT_AVAILABLE, RsmError.NOT_CONNECTED));
        assertThat(robotMoves(a)).isZero();
        assertThat(a.ownershipLost()).contains("lease");

        // the owner's catalog is as it was: one allocation, every cartridge where the robot has it
        assertThat(onB.enumerate(null, ObjectType.LOGICAL_MEDIA)).extracting(ObjectInfo::id).containsExactly(first);
        assertCatalogMatchesChanger(onB);
        onB.mount(first, MountOptions.read());
        assertCatalogMatchesChanger(onB);
    }

    @Test
    void whenTheDatabaseGoesAwayTheOwnerStopsAndWhenItIsBackTheServerTakesItsCatalogAgain() throws Exception {
        // a lease long enough that the database's stop (about a second) ends well before two thirds of it
        Duration lease = Duration.ofSeconds(6);
        RsmServer a = serverNamed("a", Duration.ZERO, lease);
        MediaSession onA = a.openSession("app");
        LogicalMediaId kept = allocate(onA);
        PostgresLab.shared().stop();
        try {
            assertThatThrownBy(() -> allocate(onA))
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DATABASE_FAILURE));
            // its lease cannot be renewed: after two thirds of it the server stops driving the library
            org.awaitility.Awaitility.await().atMost(lease.multipliedBy(2)).until(() -> a.ownershipLost() != null);
            assertThat(a.ownershipLost()).contains("the lease could not be renewed");
            assertThatThrownBy(() -> onA.mount(kept, MountOptions.read()))
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.NOT_CONNECTED));
        } finally {
            PostgresLab.shared().start();
        }
        // the database is back: the same server (same name) takes its catalog again at once, nothing lost
        a.close();
        RsmServer again = serverNamed("a", Duration.ZERO);
        assertThat(again.ownerToken()).isEqualTo(a.ownerToken() + 1);
        MediaSession s = again.openSession("app");
        assertThat(s.enumerate(null, ObjectType.LOGICAL_MEDIA)).extracting(ObjectInfo::id).containsExactly(kept);
        s.mount(kept, MountOptions.read());
        assertCatalogMatchesChanger(s);
    }
}
