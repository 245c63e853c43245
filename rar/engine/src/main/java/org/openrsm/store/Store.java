package org.openrsm.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.apache.derby.jdbc.EmbeddedXADataSource;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * The relational store of the engine's state (DESIGN.md §5): embedded Derby in a folder by default, or any
 * JDBC data source. The schema is versioned; {@link #open} runs the migrations a database lacks.
 * Every failure surfaces as {@link RsmError#DATABASE_FAILURE} or {@link RsmError#DATABASE_FULL}.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Store.class.getName());

    /**
     * The migrations, in order; schema version n means the first n have run. One script serves every database unless
     * a database has its own beside it ({@code postgresql/V3__….sql}: PostgreSQL's types where Derby's differ).
     */
    private static final List<String> MIGRATIONS = List.of("/org/openrsm/store/V1__catalog.sql",
            "/org/openrsm/store/V2__control_and_security.sql", "/org/openrsm/store/V3__names_attributes_omid.sql",
            "/org/openrsm/store/V4__transactions.sql", "/org/openrsm/store/V5__stale_data.sql",
            "/org/openrsm/store/V6__ownership.sql", "/org/openrsm/store/V7__prepared_by.sql",
            "/org/openrsm/store/V8__remote_calls.sql");

    private final DataSource dataSource;
    private final String derbyDatabase;
    private final String description;
    /** {@code postgresql}, or null for Derby (set by the migration) */
    private volatile String dialect;
    /** the owner's fence ({@link Ownership}): checked first in every transaction; null before the catalog is owned */
    private volatile Fence fence;

    /** Which server owns the catalog, and with which token (CATALOG_OWNER). */
    record Fence(String owner, long token) {
    }

    /** The transaction was refused: this server's token is no longer the catalog's (another server took it over). */
    static final class FencedException extends SQLException {
        FencedException(String message) {
            super(message, "OR001");
        }
    }

    private Store(DataSource dataSource, String derbyDatabase, String description) {
        this.dataSource = dataSource;
        this.derbyDatabase = derbyDatabase;
        this.description = description;
    }

    /**
     * Embedded Derby in {@code folder}. A new database is created whole or not at all: in a sibling folder
     * {@code <folder>.creating}, with its schema, shut down, then renamed into place. A start killed while creating
     * leaves only that sibling, which the next start deletes; Derby's own creation, cut half-way, would leave a
     * folder it refuses to open for ever (XBM0A).
     */
    public static Store embedded(Path folder) throws RsmException {
        Path database = folder.toAbsolutePath();
        if (!Files.exists(database) || isEmptyFolder(database)) {
            create(database);
        }
        String name = database.toString();
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(name);
        Store store = new Store(ds, name, "embedded Derby database " + name);
        store.migrate();
        return store;
    }

    private static boolean isEmptyFolder(Path folder) {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void create(Path database) throws RsmException {
        Path creating = database.resolveSibling(database.getFileName() + ".creating");
        try {
            deleteTree(creating);
            Files.deleteIfExists(database);   // an empty folder someone made for it
            Files.createDirectories(database.getParent());
            EmbeddedDataSource ds = new EmbeddedDataSource();
            ds.setDatabaseName(creating.toString());
            ds.setCreateDatabase("create");
            Store fresh = new Store(ds, creating.toString(), "new embedded Derby database " + creating);
            fresh.migrate();
            fresh.close();
            Files.move(creating, database, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel parent = FileChannel.open(database.getParent(), StandardOpenOption.READ)) {
                parent.force(true);
            }
            LOG.info(() -> "created the embedded Derby database " + database);
        } catch (IOException e) {
            throw new RsmException(RsmError.DATABASE_FAILURE, "could not create the embedded Derby database " + database
                    + ": " + e, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        LOG.warning(() -> "deleting " + root + ", left by a start that was stopped while creating the database");
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A database reached through {@code dataSource} (e.g. a shared server database). */
    public static Store of(DataSource dataSource) throws RsmException {
        Store store = new Store(Objects.requireNonNull(dataSource, "dataSource"), null, "data source " + dataSource);
        store.migrate();
        return store;
    }

    /**
     * An XA data source on the same database, for the connector's transaction branch; null when the store
     * is not embedded Derby.
     */
    public XADataSource xaDataSource() {
        if (derbyDatabase == null) {
            return null;
        }
        EmbeddedXADataSource xa = new EmbeddedXADataSource();
        xa.setDatabaseName(derbyDatabase);
        return xa;
    }

    public String description() {
        return description;
    }

    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Store transactions committed since the store was opened (reads included), not counting the messages between the
     * servers of a shared catalog ({@link CallQueue}), which come and go with other servers' work.
     */
    public long commits() {
        return commits.get();
    }

    /** Work run in one JDBC transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Whether the store answers a query now, within {@code timeoutSeconds}. Not a transaction of the counted kind: a
     * health probe must not move the commit figures.
     */
    public boolean answers(int timeoutSeconds) {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM LIBRARY")) {
                return rs.next();
            }
        } catch (SQLException e) {
            LOG.fine(() -> "the store " + description + " does not answer: " + e.getMessage());
            return false;
        }
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. Once the catalog is
     * owned ({@link Ownership}), the transaction first checks, under a shared lock on the owner's row, that this
     * server still owns it: a server that lost its lease changes nothing.
     */
    public <T> T inTransaction(String what, Work<T> work) throws RsmException {
        return inTransaction(what, work, true);
    }

    <T> T inTransaction(String what, Work<T> work, boolean fenced) throws RsmException {
        return inTransaction(what, work, fenced, true);
    }

    /** As {@link #inTransaction(String, Work, boolean)}, not counted in {@link #commits()} unless {@code counted}. */
    <T> T inTransaction(String what, Work<T> work, boolean fenced, boolean counted) throws RsmException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Fence f = fenced ? fence : null;
                if (f != null) {
                    checkFence(c, f);
                }
                T result = work.run(c);
                c.commit();
                if (counted) {
                    commits.incrementAndGet();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Sets the fence of every later transaction (null: none). */
    void fence(Fence fence) {
        this.fence = fence;
    }

    /**
     * The owner's row, read under a shared lock held to the end of the transaction: a server taking the catalog over
     * changes that row, so it waits for this transaction, and this transaction sees the change if it came first.
     */
    private void checkFence(Connection c, Fence f) throws SQLException {
        String sql = "SELECT OWNER, TOKEN FROM CATALOG_OWNER WHERE ID = 1" + ("postgresql".equals(dialect) ? " FOR SHARE"
                : " WITH RS");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new FencedException("this server (" + f.owner() + ") does not own the catalog: it has no owner");
            }
            String owner = rs.getString(1);
            long token = rs.getLong(2);
            if (token != f.token() || !f.owner().equals(owner)) {
                throw new FencedException("this server (" + f.owner() + ", token " + f.token() + ") no longer owns the "
                        + "catalog: " + owner + " took it over (token " + token + ")");
            }
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "rollback failed", e);
        }
    }

    /** Maps a JDBC failure to RSM's store errors: full disk or log → DATABASE_FULL, else DATABASE_FAILURE. */
    public RsmException failure(String what, SQLException e) {
        boolean full = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String state = t instanceof SQLException s ? s.getSQLState() : null;
            String msg = String.valueOf(t.getMessage()).toLowerCase();
            // Derby: XSDG3, XSLA4; PostgreSQL: 53100 (disk_full)
            if ("XSDG3".equals(state) || "XSLA4".equals(state) || "53100".equals(state) || msg.contains("no space left")
                    || msg.contains("disk full") || msg.contains("not enough space")) {
                full = true;
            }
        }
        if (e instanceof FencedException) {
            return new RsmException(RsmError.DATABASE_FAILURE, "the " + description + " refused to " + what + ": "
                    + e.getMessage(), e);
        }
        RsmError error = full ? RsmError.DATABASE_FULL : RsmError.DATABASE_FAILURE;
        return new RsmException(error, "could not " + what + " in the " + description + ": " + e.getMessage(), e);
    }

    /** Whether the database is PostgreSQL (known once the store is open). */
    boolean postgreSql() {
        return "postgresql".equals(dialect);
    }

    /** A connection of its own, outside the store's transactions (a listener's); the caller closes it. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    private void migrate() throws RsmException {
        inTransaction("create or update the schema", c -> {
            dialect = dialect(c);
            if ("postgresql".equals(dialect)) {
                // servers starting together on one database migrate one after the other
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(7760337)");
                }
            }
            int version = schemaVersion(c);
            for (int i = version; i < MIGRATIONS.size(); i++) {
                for (String sql : statements(MIGRATIONS.get(i), dialect)) {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE SCHEMA_VERSION SET VERSION = " + (i + 1));
                }
                int reached = i + 1;
                LOG.info(() -> "OpenRSM store " + description + ": schema migrated to version " + reached);
            }
            if (version > MIGRATIONS.size()) {
                throw new SQLException("the schema has version " + version + ", newer than this OpenRSM ("
                        + MIGRATIONS.size() + "); use a newer OpenRSM");
            }
            return null;
        });
    }

    /** The folder of a database's own migration scripts: {@code postgresql}, or null for the common ones. */
    private static String dialect(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")
                ? "postgresql" : null;
    }

    private static int schemaVersion(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        // PostgreSQL folds unquoted names to lower case, Derby to upper case; the catalog lookup needs the stored form
        String table = meta.storesLowerCaseIdentifiers() ? "schema_version" : "SCHEMA_VERSION";
        try (ResultSet rs = meta.getTables(null, c.getSchema(), table, new String[] {"TABLE"})) {
            if (!rs.next()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE SCHEMA_VERSION (VERSION INT NOT NULL)");
                    s.executeUpdate("INSERT INTO SCHEMA_VERSION VALUES (0)");
                }
                return 0;
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION FROM SCHEMA_VERSION")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static List<String> statements(String common, String dialect) throws SQLException {
        String resource = common;
        if (dialect != null) {
            String own = common.substring(0, common.lastIndexOf('/') + 1) + dialect + common.substring(common.lastIndexOf('/'));
            if (Store.class.getResource(own) != null) {
                resource = own;
            }
        }
        try (InputStream in = Store.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SQLException("migration " + resource + " is missing from the engine jar");
            }
            StringBuilder text = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    text.append(line).append('\n');
                }
            }
            List<String> out = new ArrayList<>();
            for (String sql : text.toString().split(";")) {
                if (!sql.isBlank()) {
                    out.add(sql.strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + resource, e);
        }
    }

    /** Shuts the embedded database down (other data sources are left to their owner). */
    @Override
    public void close() {
        if (derbyDatabase == null) {
            return;
        }
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(derbyDatabase);
        ds.setShutdownDatabase("shutdown");
        try (Connection c = ds.getConnection()) {
            LOG.warning("Derby did not confirm the shutdown of " + derbyDatabase);
        } catch (SQLException e) {
            // 08006: shut down, as asked; XJ004: Derby had shut it down itself (e.g. after a full disk)
            if (!"08006".equals(e.getSQLState()) && !"XJ004".equals(e.getSQLState())) {
                LOG.log(Level.WARNING, "shutting down " + derbyDatabase + " failed", e);
            }
        }
    }
}
