package org.openrsm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Logger;
import org.openrsm.api.RsmException;

/**
 * Which server drives the libraries of a catalog that several servers share (table CATALOG_OWNER): one owner at a
 * time, holding a lease that it renews, with a fencing token that grows by one at every change of owner. Lease ends
 * are kept by the database's clock, so the servers' clocks need not agree.
 *
 * <p>Once this server owns the catalog, every transaction of its {@link Store} checks the token first (a shared lock
 * on the owner's row): a server whose lease ran out and was taken over can change nothing any more, whatever it
 * still believes. A server taking over must wait for the lease to end; the owner stops moving the robot before that
 * ({@code OwnerLease} in the engine).
 */
public final class Ownership {
    private static final Logger LOG = Logger.getLogger(Ownership.class.getName());

    /** The owner as the database has it: its name, token and the end of its lease. */
    public record Holder(String server, long token, Instant expires) {
        public boolean expiredAt(Instant now) {
            return !expires.isAfter(now);
        }
    }

    /** A try to take the catalog: {@code taken} when this server owns it now; else who holds it. */
    public record Attempt(boolean taken, Holder holder) {
    }

    private final Store store;
    private final String server;
    private final Duration lease;

    public Ownership(Store store, String server, Duration lease) {
        this.store = Objects.requireNonNull(store, "store");
        this.server = Objects.requireNonNull(server, "server");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (server.isBlank() || server.length() > 200) {
            throw new IllegalArgumentException("server name '" + server + "' must have 1 to 200 characters");
        }
    }

    public String server() {
        return server;
    }

    public Duration lease() {
        return lease;
    }

    /**
     * Takes the catalog when nobody owns it, its owner's lease has ended, or its owner has this server's name (this
     * server's earlier run, which is not running any more since this one starts). On success every later transaction
     * of the store is fenced with the new token.
     */
    public Attempt tryTake() throws RsmException {
        Attempt attempt = store.inTransaction("take over the catalog", c -> {
            long now = databaseNow(c);
            Holder h = read(c);
            if (h != null && !h.server().equals(server) && !h.expiredAt(Instant.ofEpochMilli(now))) {
                return new Attempt(false, h);
            }
            long token = h == null ? 1 : h.token() + 1;
            // compare and set on the token read: of two servers taking over at once, one changes the row, the other
            // changes nothing (a second insert breaks the primary key and fails)
            String sql = h == null ? "INSERT INTO CATALOG_OWNER (OWNER, TOKEN, EXPIRES, ID) VALUES (?, ?, ?, 1)"
                    : "UPDATE CATALOG_OWNER SET OWNER = ?, TOKEN = ?, EXPIRES = ? WHERE ID = 1 AND TOKEN = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, server);
                ps.setLong(2, token);
                ps.setLong(3, now + lease.toMillis());
                if (h != null) {
                    ps.setLong(4, h.token());
                }
                if (ps.executeUpdate() != 1) {
                    return new Attempt(false, read(c));
                }
            }
            return new Attempt(true, new Holder(server, token, Instant.ofEpochMilli(now + lease.toMillis())));
        }, false);
        if (attempt.taken()) {
            store.fence(new Store.Fence(server, attempt.holder().token()));
            LOG.info(() -> "server " + server + " owns the catalog of " + store.description() + " (token "
                    + attempt.holder().token() + ", lease " + lease.toSeconds() + " s)");
        }
        return attempt;
    }

    /** Extends the lease by its length from now; false (and nothing changed) when another server took it over. */
    public boolean renew(long token) throws RsmException {
        return store.inTransaction("renew the lease on the catalog", c -> {
            long now = databaseNow(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE CATALOG_OWNER SET EXPIRES = ? WHERE ID = 1 AND OWNER = ? AND TOKEN = ?")) {
                ps.setLong(1, now + lease.toMillis());
                ps.setString(2, server);
                ps.setLong(3, token);
                return ps.executeUpdate() == 1;
            }
        }, false);
    }

    /**
     * Gives the catalog up at once (a clean stop): another server can take it over without waiting for the lease. On
     * PostgreSQL, servers standing by are woken at once ({@link CatalogListener}).
     */
    public void release(long token) throws RsmException {
        store.inTransaction("give up the catalog", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE CATALOG_OWNER SET EXPIRES = 0 WHERE ID = 1 AND OWNER = ? AND TOKEN = ?")) {
                ps.setString(1, server);
                ps.setLong(2, token);
                ps.executeUpdate();
            }
            if (store.postgreSql()) {
                try (Statement s = c.createStatement()) {
                    s.execute("NOTIFY " + CatalogListener.CHANNEL);   // sent when this transaction commits
                }
            }
            return null;
        }, false);
        store.fence(null);
    }

    /** The owner now, or null if the catalog never had one. */
    public Holder holder() throws RsmException {
        return store.inTransaction("read the catalog's owner", Ownership::read, false);
    }

    /** The database's clock, in milliseconds since 1970. */
    public Instant databaseNow() throws RsmException {
        return Instant.ofEpochMilli(store.inTransaction("read the database's clock", Ownership::databaseNow, false));
    }

    private static long databaseNow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP FROM SCHEMA_VERSION")) {
            rs.next();
            return rs.getTimestamp(1).getTime();
        }
    }

    private static Holder read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT OWNER, TOKEN, EXPIRES FROM CATALOG_OWNER WHERE ID = 1")) {
            return rs.next() ? new Holder(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))) : null;
        }
    }
}
