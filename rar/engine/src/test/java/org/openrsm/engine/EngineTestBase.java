package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.management.JMX;
import javax.management.ObjectName;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.jmx.DriveMXBean;
import org.openrsm.jmx.LibraryMXBean;
import org.openrsm.store.PostgresLab;

/**
 * Starts an engine on a fresh Derby folder (or PostgreSQL schema, {@link PostgresLab#ENGINE_TESTS_ON_POSTGRESQL}) and
 * simulated library with zero move times.
 */
abstract class EngineTestBase {
    static final String LIB = "lib1";

    @TempDir
    Path dir;

    RsmServer server;
    SimulatedLibrary sim;
    final List<MediaSession> sessions = new ArrayList<>();
    private String schema;
    private HikariDataSource pool;

    RsmServer start(UnaryOperator<SimulatedLibrary> geometry) throws RsmException {
        return start(geometry, UnaryOperator.identity());
    }

    RsmServer start(UnaryOperator<SimulatedLibrary> geometry, UnaryOperator<RsmServer.Builder> options) throws RsmException {
        sim = geometry.apply(SimulatedLibrary.named(LIB).dataFolder(dir.resolve("tapes")));
        server = options.apply(store(RsmServer.builder()).library(sim)).start();
        return server;
    }

    /** The test's catalog: Derby in its folder, or with {@code -Dopenrsm.test.store=postgresql} a schema of its own. */
    RsmServer.Builder store(RsmServer.Builder builder) {
        if (!PostgresLab.ENGINE_TESTS_ON_POSTGRESQL) {
            return builder.store(dir.resolve("db"));
        }
        if (schema == null) {
            schema = PostgresLab.shared().newDatabase();
        }
        if (pool == null) {
            pool = PostgresLab.shared().dataSource(schema, 4);
        }
        return builder.store(pool);
    }

    /** A connection to the test's store past the engine: another client of the same database. */
    Connection storeConnection() throws SQLException {
        if (!PostgresLab.ENGINE_TESTS_ON_POSTGRESQL) {
            EmbeddedDataSource ds = new EmbeddedDataSource();
            ds.setDatabaseName(dir.resolve("db").toAbsolutePath().toString());
            return ds.getConnection();
        }
        return PostgresLab.shared().connection(schema);
    }

    /**
     * Makes the engine's store give up on a lock after about a second: Derby's lock wait timeout (a database
     * property); the PostgreSQL tests' pools have {@code lock_timeout} at a second already.
     */
    static void shortLockWaits(Connection c) throws SQLException {
        lockWaits(c, 1);
    }

    /** Undoes {@link #shortLockWaits}: Derby's default of a minute. */
    static void normalLockWaits(Connection c) throws SQLException {
        lockWaits(c, 60);
    }

    private static void lockWaits(Connection c, int seconds) throws SQLException {
        if (!PostgresLab.ENGINE_TESTS_ON_POSTGRESQL) {
            try (Statement st = c.createStatement()) {
                st.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '" + seconds + "')");
            }
        }
    }

    /** Connections open on the test's store now, the engine's, less one asking (Derby: its open transactions). */
    int storeConnections() throws SQLException {
        if (PostgresLab.ENGINE_TESTS_ON_POSTGRESQL) {
            return PostgresLab.shared().connections(schema);
        }
        try (Connection c = storeConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM SYSCS_DIAG.TRANSACTION_TABLE")) {
            rs.next();
            return rs.getInt(1) - 1;
        }
    }

    RsmServer start(int drives, int slots) throws RsmException {
        return start(l -> l.drives(drives).slots(slots));
    }

    /** Stops the engine and starts a new one on the same folders, as after a server restart. */
    RsmServer restart(UnaryOperator<SimulatedLibrary> geometry) throws RsmException {
        sessions.clear();
        server.close();
        return start(geometry);
    }

    MediaSession session(String application) throws RsmException {
        MediaSession s = server.openSession(application);
        sessions.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    MediaSession session(String application, String user, String... groups) throws RsmException {
        MediaSession s = server.openSession(new org.openrsm.api.SessionSpec(application, user, null).withGroups(groups));
        sessions.add(s);
        return s;
    }

    static RsmError errorOf(Throwable t) {
        return ((RsmException) t).error();
    }

    static LibraryInfo library(MediaSession s) throws RsmException {
        return s.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE).findFirst().orElseThrow();
    }

    static List<DriveInfo> drives(MediaSession s) throws RsmException {
        List<DriveInfo> out = new ArrayList<>();
        for (ObjectInfo o : s.enumerate(library(s).id(), ObjectType.DRIVE)) {
            out.add((DriveInfo) o);
        }
        return out;
    }

    static DriveInfo drive(MediaSession s, DriveId id) throws RsmException {
        return s.info(id, DriveInfo.class);
    }

    static List<PhysicalMediaInfo> media(MediaSession s) throws RsmException {
        List<PhysicalMediaInfo> out = new ArrayList<>();
        for (ObjectInfo o : s.enumerate(null, ObjectType.PHYSICAL_MEDIA)) {
            out.add((PhysicalMediaInfo) o);
        }
        out.sort((a, b) -> a.barCode().compareTo(b.barCode()));
        return out;
    }

    /** An application pool that draws from Free, as an archive application would set it up. */
    static MediaPoolId archivePool(MediaSession s) throws RsmException {
        MediaPoolId pool = s.createMediaPool("\\Archive", s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
        s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 0));
        return pool;
    }

    /** DESIGN.md §5: every cartridge of the catalog is where the robot has it, and a drive holds what the catalog says. */
    void assertCatalogMatchesChanger(MediaSession s) throws RsmException {
        java.util.Map<String, String> hardware = new java.util.HashMap<>();
        for (org.openrsm.changer.ElementStatus es : sim.elementStatus()) {
            if (es.full()) {
                hardware.put(es.barCode(), es.element().toString());
            }
        }
        for (PhysicalMediaInfo m : media(s)) {
            String where = switch (m.locationType()) {
                case DRIVE -> org.openrsm.changer.Element.drive(s.info(m.location(), DriveInfo.class).number()).toString();
                case STORAGESLOT -> org.openrsm.changer.Element.slot(s.info(m.location(), org.openrsm.api.SlotInfo.class)
                        .number()).toString();
                case IEPORT -> org.openrsm.changer.Element.port(s.info(m.location(), org.openrsm.api.PortInfo.class)
                        .number()).toString();
                default -> null;
            };
            if (where != null || !hardware.containsKey(m.barCode()) || !hardware.get(m.barCode()).startsWith("port")) {
                assertThat(hardware.get(m.barCode())).as("where the robot has %s", m.barCode()).isEqualTo(where);
            }
        }
        for (DriveInfo d : drives(s)) {
            assertThat(hardware.entrySet().stream().filter(e -> e.getValue().equals(
                    org.openrsm.changer.Element.drive(d.number()).toString())).map(java.util.Map.Entry::getKey).findFirst()
                    .orElse(null)).as(d.name() + " holds").isEqualTo(d.mediumBarCode());
        }
    }

    static LogicalMediaId allocate(MediaSession s) throws RsmException {
        return s.allocate(archivePool(s), AllocateOptions.errorIfNoneAvailable());
    }

    static LibraryMXBean libraryBean() throws Exception {
        return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("org.openrsm:type=Library,name=" + LIB), LibraryMXBean.class);
    }

    static DriveMXBean driveBean(String drive) throws Exception {
        return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("org.openrsm:type=Drive,library=" + LIB + ",name=" + drive), DriveMXBean.class, true);
    }

    static void write(SeekableByteChannel channel, String text) throws Exception {
        try (channel) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static String read(SeekableByteChannel channel) throws Exception {
        try (channel) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(channel.size(), 0) + 16);
            while (channel.read(buf) > 0) {
                assertThat(buf.hasRemaining()).isTrue();
            }
            buf.flip();
            return StandardCharsets.UTF_8.decode(buf).toString();
        }
    }
}
