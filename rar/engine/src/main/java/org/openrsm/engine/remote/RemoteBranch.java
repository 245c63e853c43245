package org.openrsm.engine.remote;

import java.time.Duration;
import java.util.List;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * A transaction branch of sessions of a server standing by: it lives in the engine of the server driving the catalog,
 * begun for this server, and every operation is a call of the session that joined it first. Prepared, it is logged in
 * the catalog as this server's ({@code TX_LOG.PREPARED_BY}), so that when the owner dies before the decision, this
 * server's transaction manager finds it among its branches in doubt and records its decision there, for the next owner
 * to carry out.
 */
public final class RemoteBranch {
    /** The branch could not prepare or commit and rolled itself back on the owner. */
    public static final class RolledBack extends RsmException {
        private static final long serialVersionUID = 1L;

        public RolledBack(RsmError error, String detail) {
            super(error, detail);
        }
    }

    /** The branch committed only partly on the owner (a heuristic mix). */
    public static final class PartlyCommitted extends RsmException {
        private static final long serialVersionUID = 1L;

        public PartlyCommitted(String detail) {
            super(RsmError.INVALID_STATE, detail);
        }
    }

    /** Sends an operation of a branch through one of this server's sessions. */
    interface Calls {
        /** The session behind {@code session}, a session of this server; INVALID_PARAMETER for any other object. */
        RemoteSessions.SessionRef session(MediaSession session) throws RsmException;

        Object call(RemoteSessions.SessionRef via, String op, String xid, Object arg) throws RsmException;
    }

    private final Calls calls;
    private final String xid;
    private volatile Duration timeout;
    /** the session that joined first: the branch's operations go through it */
    private volatile RemoteSessions.SessionRef via;

    RemoteBranch(Calls calls, String xid) {
        this.calls = calls;
        this.xid = xid;
    }

    public String xid() {
        return xid;
    }

    /** The transaction manager's timeout, set on the owner with the first session that joins. */
    public void timeout(Duration timeout) {
        if (this.timeout == null && timeout != null && !timeout.isNegative() && !timeout.isZero()) {
            this.timeout = timeout;
        }
    }

    public void enlist(MediaSession session) throws RsmException {
        RemoteSessions.SessionRef s = calls.session(session);
        Duration t = timeout;
        calls.call(s, "enlist", xid, t == null ? null : Math.max(1, t.toSeconds()));
        if (via == null) {
            via = s;
        }
    }

    public void delist(MediaSession session) throws RsmException {
        calls.call(calls.session(session), "delist", xid, null);
    }

    /** Phase one; false when no session joined or the branch did nothing. */
    public boolean prepare() throws RsmException {
        RemoteSessions.SessionRef s = via;
        return s != null && Boolean.TRUE.equals(calls.call(s, "prepare", xid, null));
    }

    public void commit(boolean onePhase) throws RsmException {
        RemoteSessions.SessionRef s = via;
        if (s != null) {
            calls.call(s, "commit", xid, onePhase);
        }
    }

    public void rollback() throws RsmException {
        RemoteSessions.SessionRef s = via;
        if (s != null) {
            calls.call(s, "rollback", xid, null);
        }
    }

    @SuppressWarnings("unchecked")
    public List<String> log() throws RsmException {
        RemoteSessions.SessionRef s = via;
        return s == null ? List.of() : List.copyOf((List<String>) calls.call(s, "log", xid, null));
    }

    @Override
    public String toString() {
        return "RemoteBranch[" + xid + "]";
    }
}
