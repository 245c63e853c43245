package org.openrsm.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests: Debian's PostgreSQL through the project's {@code tools/pg-lab/pg-lab}, in
 * the module's {@code target/pg-lab}, on a free loopback port. Started once per test JVM by the first test that
 * needs it and stopped when the JVM ends. A machine without PostgreSQL fails such a test naming the package to
 * install; nothing is skipped.
 *
 * <p>Each {@link #newDatabase} is a schema of its own in the database {@code openrsm}, so tests never see each
 * other's catalog; {@link #dataSource} opens that schema again (a restart, or a second server on the same catalog).
 */
public final class PostgresLab {
    /** Whether the engine's tests run on PostgreSQL instead of Derby: {@code -Dopenrsm.test.store=postgresql}. */
    public static final boolean ENGINE_TESTS_ON_POSTGRESQL = "postgresql".equals(System.getProperty("openrsm.test.store"));

    private static PostgresLab shared;

    private final Path folder;
    private final int port;
    private final AtomicInteger schemas = new AtomicInteger();

    private PostgresLab(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    /** The lab of this JVM, started on first use. */
    public static synchronized PostgresLab shared() {
        if (shared == null) {
            try {
                Path folder = Path.of("target", "pg-lab").toAbsolutePath();
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                PostgresLab lab = new PostgresLab(folder, port);
                lab.script("start", String.valueOf(port));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> lab.script("stop"), "pg-lab stop"));
                shared = lab;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/openrsm}, user and password {@code openrsm}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/openrsm";
    }

    /** A new, empty schema; its name for {@link #dataSource}. */
    public String newDatabase() {
        String schema = "t" + ProcessHandle.current().pid() + "_" + schemas.incrementAndGet();
        try (HikariDataSource ds = dataSource("public", 1); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + schema + " on " + url() + ": " + e, e);
        }
        return schema;
    }

    /** A pool of at most {@code size} connections to {@code schema}, as an application server's data source would be. */
    public HikariDataSource dataSource(String schema, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url() + "?currentSchema=" + schema);
        config.setUsername("openrsm");
        config.setPassword("openrsm");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("test-" + schema);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);   // a server down at start: the store's own error, not the pool's
        // a write that waits for a lock gives up after a second, as the Derby tests' derby.locks.waitTimeout makes it
        config.addDataSourceProperty("options", "-c lock_timeout=1000");
        config.addDataSourceProperty("ApplicationName", "openrsm-" + schema);
        return new HikariDataSource(config);
    }

    /** A connection of its own to {@code schema}, past any pool (a second client, an operator with psql). */
    public Connection connection(String schema) throws SQLException {
        return DriverManager.getConnection(url() + "?currentSchema=" + schema, "openrsm", "openrsm");
    }

    /** How many connections the pools of {@code schema} have open on the server now. */
    public int connections(String schema) throws SQLException {
        try (Connection c = connection("public");
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, "openrsm-" + schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The server crashes (kill -9) until {@link #start()}. */
    public void kill() {
        script("kill");
    }

    /** The server stops (fast shutdown) until {@link #start()}. */
    public void stop() {
        script("stop");
    }

    /** The server runs again, on the same port and data. */
    public void start() {
        script("start", String.valueOf(port));
    }

    private String script(String... arguments) {
        List<String> line = new ArrayList<>();
        line.add(tool().toString());
        line.add(arguments[0]);
        line.add(folder.toString());
        line.addAll(List.of(arguments).subList(1, arguments.length));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pg-lab " + String.join(" ", arguments) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** tools/pg-lab/pg-lab of this project, found from the module's folder upwards. */
    private static Path tool() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("tools/pg-lab/pg-lab");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/pg-lab/pg-lab not found above " + Path.of("").toAbsolutePath());
    }
}
