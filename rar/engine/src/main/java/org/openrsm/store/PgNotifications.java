package org.openrsm.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The PostgreSQL driver's notifications of a connection ({@link CatalogListener}); the only class that names the
 * driver, loaded only on PostgreSQL.
 */
final class PgNotifications {
    private final PGConnection connection;

    PgNotifications(Connection c) throws SQLException {
        this.connection = c.unwrap(PGConnection.class);
    }

    /** Whether a notification came, waiting for one at most {@code millis}. */
    boolean await(int millis) throws SQLException {
        PGNotification[] received = connection.getNotifications(millis);
        return received != null && received.length > 0;
    }
}
