package org.openrsm.engine;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openrsm.api.RsmException;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.store.PostgresLab;

/**
 * Servers on one catalog in a fresh PostgreSQL database per test (the tests' own server, tools/pg-lab), each with a pool
 * of its own, and one simulated library; everything opened is closed after the test, newest first.
 */
abstract class SharedCatalogTestBase extends EngineTestBase {
    static final Duration LEASE = Duration.ofMillis(1500);
    final Deque<AutoCloseable> opened = new ArrayDeque<>();
    String schema;

    @BeforeEach
    void database() {
        schema = PostgresLab.shared().newDatabase();
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    /** A pool of its own on the test's catalog, closed after the test. */
    HikariDataSource pool() {
        HikariDataSource pool = PostgresLab.shared().dataSource(schema, 4);
        opened.push(pool);
        return pool;
    }

    SimulatedLibrary library() {
        return SimulatedLibrary.named(LIB).drives(2).slots(8).dataFolder(dir.resolve("tapes"));
    }

    /** A server named {@code name} on the shared catalog, standing by at most {@code standBy}. */
    RsmServer serverNamed(String name, Duration standBy, Duration lease) throws RsmException {
        HikariDataSource pool = pool();
        sim = library();
        RsmServer s = RsmServer.builder().store(pool).serverName(name).lease(lease).standBy(standBy).jmx(false)
                .library(sim).start();
        opened.push(s);
        return s;
    }
}
