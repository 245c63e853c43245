package org.openrsm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openrsm.api.RsmException;

/**
 * The calls servers standing by queue for the server that drives a shared catalog ({@code REMOTE_CALL}, schema version
 * 8), and when each of them was last seen ({@code STANDING_BY}). A call is bytes to this class: what they mean is the
 * business of the engine's remote sessions. On PostgreSQL a queued call NOTIFYs the owner and an answer the callers
 * ({@link CatalogListener#forCalls}, {@link CatalogListener#forAnswers}), each when its transaction commits. The owner
 * also sends the notifications a session of a server standing by subscribed to as rows of their own (STATE 3, the
 * notification in ANSWER), which that server takes in the order they came.
 */
public final class CallQueue {
    static final int QUEUED = 0;
    static final int SERVING = 1;
    static final int ANSWERED = 2;
    static final int EVENT = 3;

    /** A queued call, as the owner takes it. */
    public record Call(long id, String caller, String session, byte[] data) {
    }

    /** A notification for a session of a server standing by. */
    public record Event(String session, byte[] data) {
    }

    /**
     * What a notification of {@link CatalogListener#forAnswers} says: call {@code call} of server {@code caller} is
     * answered, or (call 0) notifications were sent to its sessions. Each server standing by wakes only the caller
     * the answer is for.
     */
    public record Message(String caller, long call) {
        static final char SEPARATOR = '\t';

        String text() {
            return caller + SEPARATOR + call;
        }

        /** The message of a notification's payload; null if it is none (a notification of an older server). */
        public static Message of(String payload) {
            int at = payload.lastIndexOf(SEPARATOR);
            if (at < 0) {
                return null;
            }
            try {
                return new Message(payload.substring(0, at), Long.parseLong(payload.substring(at + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private final Store store;

    public CallQueue(Store store) {
        this.store = store;
    }

    /** Queues a call of {@code session} of server {@code caller} for the owner; its id. */
    public long submit(String caller, String session, int priority, byte[] data) throws RsmException {
        return store.inTransaction("queue a call for the server driving the catalog", c -> {
            messagesOnly(c);
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO REMOTE_CALL (CALLER, SESSION_ID, PRIORITY, STATE, "
                    + "CALL_DATA) VALUES (?, ?, ?, " + QUEUED + ", ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, caller);
                ps.setString(2, session);
                ps.setInt(3, priority);
                ps.setBytes(4, data);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);   // the identity (Derby), the first column (PostgreSQL returns the row)
                }
            }
            notify(c, CatalogListener.CALLS, "");
            return id;
        }, false, false);
    }

    /** The answer to call {@code id}, removing the call; null while it has none. */
    public byte[] takeAnswer(long id) throws RsmException {
        return store.inTransaction("read the answer of the server driving the catalog", c -> {
            messagesOnly(c);
            byte[] answer = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT ANSWER FROM REMOTE_CALL WHERE ID = ? AND STATE = "
                    + ANSWERED)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        answer = rs.getBytes(1);
                    }
                }
            }
            if (answer != null) {
                delete(c, id);
            }
            return answer;
        }, false, false);
    }

    /** Withdraws call {@code id} unless it has been answered (its caller no longer waits); whether it withdrew it. */
    public boolean withdraw(long id) throws RsmException {
        return store.inTransaction("withdraw a call to the server driving the catalog", c -> {
            messagesOnly(c);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM REMOTE_CALL WHERE ID = ? AND STATE <> " + ANSWERED)) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        }, false, false);
    }

    /**
     * The owner takes the queued calls, highest priority first, then in the order they came, and marks them being
     * served. Fenced: a server that lost the catalog takes none.
     */
    public List<Call> take() throws RsmException {
        return store.inTransaction("take the calls of servers standing by", c -> {
            messagesOnly(c);
            List<Call> calls = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ID, CALLER, SESSION_ID, CALL_DATA "
                    + "FROM REMOTE_CALL WHERE STATE = " + QUEUED + " ORDER BY PRIORITY DESC, ID")) {
                while (rs.next()) {
                    calls.add(new Call(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE REMOTE_CALL SET STATE = " + SERVING + " WHERE ID = ?")) {
                for (Call call : calls) {
                    ps.setLong(1, call.id());
                    ps.addBatch();
                }
                if (!calls.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return calls;
        }, true, false);
    }

    /** The owner answers call {@code id} (nothing happens if its caller withdrew it). Fenced. */
    public void answer(long id, String caller, byte[] answer) throws RsmException {
        store.inTransaction("answer a call of a server standing by", c -> {
            messagesOnly(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE REMOTE_CALL SET STATE = " + ANSWERED + ", ANSWER = ? "
                    + "WHERE ID = ?")) {
                ps.setBytes(1, answer);
                ps.setLong(2, id);
                if (ps.executeUpdate() == 1) {
                    notify(c, CatalogListener.ANSWERS, new Message(caller, id).text());
                }
            }
            return null;
        }, true, false);
    }

    /** The owner sends a notification to session {@code session} of server {@code caller}. Fenced. */
    public void event(String caller, String session, byte[] data) throws RsmException {
        store.inTransaction("send a notification to a server standing by", c -> {
            messagesOnly(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO REMOTE_CALL (CALLER, SESSION_ID, PRIORITY, STATE, "
                    + "CALL_DATA, ANSWER) VALUES (?, ?, 0, " + EVENT + ", ?, ?)")) {
                ps.setString(1, caller);
                ps.setString(2, session);
                ps.setBytes(3, new byte[0]);
                ps.setBytes(4, data);
                ps.executeUpdate();
            }
            notify(c, CatalogListener.ANSWERS, new Message(caller, 0).text());
            return null;
        }, true, false);
    }

    /** The notifications sent to the sessions of server {@code caller}, in the order they were sent, removing them. */
    public List<Event> takeEvents(String caller) throws RsmException {
        return store.inTransaction("take the notifications of this server's sessions", c -> {
            messagesOnly(c);
            List<Event> events = new ArrayList<>();
            long last = -1;
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, SESSION_ID, ANSWER FROM REMOTE_CALL WHERE STATE = "
                    + EVENT + " AND CALLER = ? ORDER BY ID")) {
                ps.setString(1, caller);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        events.add(new Event(rs.getString(2), rs.getBytes(3)));
                    }
                }
            }
            if (last >= 0) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM REMOTE_CALL WHERE STATE = " + EVENT
                        + " AND CALLER = ? AND ID <= ?")) {
                    ps.setString(1, caller);
                    ps.setLong(2, last);
                    ps.executeUpdate();
                }
            }
            return events;
        }, false, false);
    }

    /**
     * Calls the owner took but did not answer: a new owner answers them (their sessions ended with the server that
     * took them). Fenced.
     */
    public List<Call> takenBefore() throws RsmException {
        return store.inTransaction("read the calls an earlier owner took", c -> {
            List<Call> calls = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ID, CALLER, SESSION_ID, CALL_DATA "
                    + "FROM REMOTE_CALL WHERE STATE = " + SERVING)) {
                while (rs.next()) {
                    calls.add(new Call(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
                }
            }
            return calls;
        }, true, false);
    }

    /** Server {@code server} is alive now (by the database's clock). */
    public void seen(String server) throws RsmException {
        store.inTransaction("tell the server driving the catalog that this server is alive", c -> {
            long now = databaseNow(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE STANDING_BY SET SEEN = ? WHERE SERVER = ?")) {
                ps.setLong(1, now);
                ps.setString(2, server);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO STANDING_BY (SERVER, SEEN) VALUES (?, ?)")) {
                ps.setString(1, server);
                ps.setLong(2, now);
                ps.executeUpdate();
            }
            return null;
        }, false, false);
    }

    /** Server {@code server} stopped cleanly: it is no longer seen, and its calls are withdrawn. */
    public void gone(String server) throws RsmException {
        store.inTransaction("tell the server driving the catalog that this server stops", c -> {
            for (String table : new String[] {"STANDING_BY WHERE SERVER = ?", "REMOTE_CALL WHERE CALLER = ?"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table)) {
                    ps.setString(1, server);
                    ps.executeUpdate();
                }
            }
            return null;
        }, false, false);
    }

    /**
     * Whether {@code server} was seen within {@code within} (by the database's clock); a server that was never seen or
     * that stopped was not.
     */
    public boolean seenWithin(String server, Duration within) throws RsmException {
        return store.inTransaction("read when a server standing by was last seen", c -> {
            long now = databaseNow(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT SEEN FROM STANDING_BY WHERE SERVER = ?")) {
                ps.setString(1, server);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) >= now - within.toMillis();
                }
            }
        }, false, false);
    }

    /** Removes the calls of {@code server} (it stopped, or died). Fenced. */
    public void forget(String server) throws RsmException {
        store.inTransaction("forget the calls of a server that stopped", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM REMOTE_CALL WHERE CALLER = ?")) {
                ps.setString(1, server);
                ps.executeUpdate();
            }
            return null;
        }, true, false);
    }

    private static void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM REMOTE_CALL WHERE ID = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * The queue's rows are messages between live servers: on PostgreSQL their transactions do not wait for the disk
     * (synchronous_commit off). Nothing committed is at risk: the write-ahead log is one sequence, so the engine's next
     * durable commit (a mount's, say) makes every queue row before it durable too, and a database that loses the last
     * of them in a crash has lost every server's lease as well: their sessions end, and the next owner answers calls
     * left taken (NOT_CONNECTED).
     */
    private void messagesOnly(Connection c) throws SQLException {
        if (store.postgreSql()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    private void notify(Connection c, String channel, String message) throws SQLException {
        if (store.postgreSql()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {   // sent when the transaction commits
                ps.setString(1, channel);
                ps.setString(2, message);
                ps.execute();
            }
        }
    }

    private static long databaseNow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP FROM SCHEMA_VERSION")) {
            rs.next();
            return rs.getTimestamp(1).getTime();
        }
    }
}
