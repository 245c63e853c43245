package org.openrsm.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrsm.api.RsmException;

/**
 * The transaction branches prepared in a catalog (table {@code TX_LOG}), as seen from a server that does not drive
 * the catalog: the transaction manager of a server standing by lists the branches in doubt and records its decisions
 * here; the engine that owns the catalog carries them out ({@code Transactions} in the engine). So a branch that a
 * server prepared before it died is finished by that server's transaction manager when it comes back, whichever
 * server drives the library by then.
 */
public final class TransactionLog {
    /** prepared: in doubt until the transaction manager decides */
    public static final int PREPARED = 1;
    /** decided: commit (or a one-phase commit under way); the owner of the catalog finishes it */
    public static final int COMMITTING = 2;
    /** decided: roll back; the owner of the catalog carries it out */
    public static final int ROLLING_BACK = 3;

    private final Store store;

    public TransactionLog(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Branches prepared by {@code server} (or by no server known: a catalog of one server, an older schema) and not
     * decided yet.
     */
    public List<String> inDoubt(String server) throws RsmException {
        return store.inTransaction("read the transaction branches in doubt", c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT XID FROM TX_LOG WHERE STATE = ? "
                    + "AND (PREPARED_BY IS NULL OR PREPARED_BY = ?) ORDER BY XID")) {
                ps.setInt(1, PREPARED);
                ps.setString(2, server);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
    }

    /**
     * Records the transaction manager's decision on a branch in doubt ({@link #PREPARED}), or on one decided the same
     * way before (a transaction manager that tries again). Returns the branch's state afterwards: the decision's own
     * when recorded, the contrary decision's, or 0 when the catalog has no such branch (never prepared, or finished).
     */
    public int decide(String xid, boolean commit) throws RsmException {
        int state = commit ? COMMITTING : ROLLING_BACK;
        return store.inTransaction((commit ? "commit" : "roll back") + " transaction branch " + xid, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE TX_LOG SET STATE = ? WHERE XID = ? AND STATE IN (?, ?)")) {
                ps.setInt(1, state);
                ps.setString(2, xid);
                ps.setInt(3, PREPARED);
                ps.setInt(4, state);
                if (ps.executeUpdate() == 1) {
                    return state;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT STATE FROM TX_LOG WHERE XID = ?")) {
                ps.setString(1, xid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Branches decided and not carried out yet: branch id → {@link #COMMITTING} or {@link #ROLLING_BACK}. */
    public Map<String, Integer> decided() throws RsmException {
        return store.inTransaction("read the transaction decisions to carry out", c -> {
            Map<String, Integer> found = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT XID, STATE FROM TX_LOG WHERE STATE <> ?")) {
                ps.setInt(1, PREPARED);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            return found;
        });
    }
}
