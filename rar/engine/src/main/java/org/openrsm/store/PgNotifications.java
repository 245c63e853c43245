package org.openrsm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    /** The payloads of the notifications that came, waiting for one at most {@code millis} (none: empty). */
    List<String> await(int millis) throws SQLException {
        PGNotification[] received = connection.getNotifications(millis);
        if (received == null || received.length == 0) {
            return List.of();
        }
        List<String> payloads = new ArrayList<>(received.length);
        for (PGNotification n : received) {
            payloads.add(n.getParameter() == null ? "" : n.getParameter());
        }
        return payloads;
    }
}
