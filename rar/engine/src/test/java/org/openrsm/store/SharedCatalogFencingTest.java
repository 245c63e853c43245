package org.openrsm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * The fence in the database (issue 14): two stores on one PostgreSQL catalog, as two servers have them. Once another
 * server took the catalog over, the database refuses every transaction of the one that owned it, whatever that one
 * believes; and a take-over waits for a transaction of the owner that has already checked its token.
 */
class SharedCatalogFencingTest {
    private static final Duration LEASE = Duration.ofMillis(600);

    private static void describe(Connection c, String id, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO OBJECT_DESCRIPTION (OBJECT_ID, DESCRIPTION) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, text);
            ps.executeUpdate();
        }
    }

    private static int descriptions(Store s) throws RsmException {
        return s.inTransaction("count", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM OBJECT_DESCRIPTION");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void aServerWhoseCatalogWasTakenOverCanWriteNothing() throws Exception {
        String schema = PostgresLab.shared().newDatabase();
        try (HikariDataSource poolA = PostgresLab.shared().dataSource(schema, 2);
             HikariDataSource poolB = PostgresLab.shared().dataSource(schema, 2)) {
            Store a = Store.of(poolA);
            Store b = Store.of(poolB);
            Ownership ownerA = new Ownership(a, "a", LEASE);
            Ownership ownerB = new Ownership(b, "b", LEASE);
            Ownership.Attempt first = ownerA.tryTake();
            assertThat(first.taken()).isTrue();
            Ownership.Attempt refused = ownerB.tryTake();
            assertThat(refused.taken()).isFalse();
            assertThat(refused.holder().server()).isEqualTo("a");
            a.inTransaction("describe", c -> {
                describe(c, "1", "written by the owner");
                return null;
            });

            // a stops renewing (frozen); when its lease has ended, b takes over with the next token
            await().atMost(LEASE.multipliedBy(10)).until(() -> ownerB.tryTake().taken());
            assertThat(ownerB.holder().token()).isEqualTo(first.holder().token() + 1);

            assertThatThrownBy(() -> a.inTransaction("describe", c -> {
                describe(c, "2", "written by a server that lost the catalog");
                return null;
            })).isInstanceOf(RsmException.class)
                    .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.DATABASE_FAILURE))
                    .hasMessageContaining("this server (a, token " + first.holder().token() + ") no longer owns the catalog: "
                            + "b took it over (token " + (first.holder().token() + 1) + ")");
            assertThat(ownerA.renew(first.holder().token())).as("the old owner's renewal").isFalse();
            assertThat(descriptions(b)).as("only the owner's row").isEqualTo(1);
        }
    }

    @Test
    void aTakeOverWaitsForTheOwnersTransactionThatCheckedItsToken() throws Exception {
        String schema = PostgresLab.shared().newDatabase();
        try (HikariDataSource poolA = PostgresLab.shared().dataSource(schema, 2);
             HikariDataSource poolB = PostgresLab.shared().dataSource(schema, 2)) {
            Store a = Store.of(poolA);
            Store b = Store.of(poolB);
            Ownership ownerA = new Ownership(a, "a", LEASE);
            Ownership ownerB = new Ownership(b, "b", LEASE);
            assertThat(ownerA.tryTake().taken()).isTrue();
            Thread.sleep(LEASE.toMillis() + 100);   // a's lease has ended: b may take over now

            // a's transaction has checked its token (the fence) and is still writing when b tries to take over
            CountDownLatch checked = new CountDownLatch(1);
            AtomicLong committedAt = new AtomicLong();
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    a.inTransaction("describe", c -> {
                        checked.countDown();
                        try {
                            Thread.sleep(400);
                        } catch (InterruptedException e) {
                            throw new SQLException(e);
                        }
                        describe(c, "1", "written while b tries to take over");
                        return null;
                    });
                    committedAt.set(System.nanoTime());
                } catch (RsmException e) {
                    throw new IllegalStateException(e);
                }
            });
            checked.await();
            Ownership.Attempt takeOver = ownerB.tryTake();
            long tookOverAt = System.nanoTime();
            write.get();
            assertThat(takeOver.taken()).isTrue();
            assertThat(tookOverAt).as("the take-over ended after the owner's transaction committed")
                    .isGreaterThan(committedAt.get());
            assertThat(descriptions(b)).isEqualTo(1);
        }
    }
}
