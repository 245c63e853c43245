package org.openrsm.engine;

import java.time.Duration;
import java.util.List;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * One transaction branch of the engine (DESIGN.md §6), driven by the resource adapter's XAResource or
 * LocalTransaction. Sessions enlisted in it allocate, mount, dismount and change pools and ACLs as part of the
 * transaction: {@link #prepare()} makes the branch durable, {@link #commit(boolean)} makes it everyone's,
 * {@link #rollback()} leaves no trace of it (mounted media stay in their drives as deferred dismounts).
 * Thread-safe.
 */
public final class TransactionBranch {
    private final Engine engine;
    private final String xid;

    TransactionBranch(Engine engine, String xid) {
        this.engine = engine;
        this.xid = xid;
    }

    /** The branch id: the store keeps it in TX_LOG once prepared. */
    public String xid() {
        return xid;
    }

    private Transactions.Branch branch() throws RsmException {
        Transactions.Branch b = engine.transactions.find(xid);
        if (b == null) {
            throw new RsmException(RsmError.OBJECT_NOT_FOUND, "transaction branch " + xid + " is not known (it ended, or never began)");
        }
        return b;
    }

    private static EngineSession engineSession(MediaSession session) throws RsmException {
        EngineSession s = GuardedSession.unwrap(session);
        if (s == null) {
            throw new RsmException(RsmError.INVALID_PARAMETER, session + " is not a session of this engine");
        }
        return s;
    }

    /**
     * The transaction manager's timeout for this branch ({@code XAResource.setTransactionTimeout}), counted from now:
     * a mount in the branch gives up (TIMEOUT, logged) when it runs out instead of outliving the transaction. Set once;
     * a branch that is joined again keeps its first deadline.
     */
    public void timeout(Duration timeout) throws RsmException {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            return;
        }
        engine.lock.call(() -> {
            Transactions.Branch b = branch();
            if (b.timeout == null) {
                b.timeout = timeout;
                b.deadline = engine.clock.nanoTime() + timeout.toNanos();
            }
            return null;
        });
    }

    /** What the session does from now on belongs to this branch. */
    public void enlist(MediaSession session) throws RsmException {
        EngineSession s = engineSession(session);
        engine.lock.call(() -> {
            engine.transactions.enlist(branch(), s);
            return null;
        });
    }

    /** The session leaves the branch (what it did stays in it). */
    public void delist(MediaSession session) throws RsmException {
        EngineSession s = engineSession(session);
        engine.lock.call(() -> {
            Transactions.Branch b = engine.transactions.find(xid);
            if (b != null) {
                engine.transactions.delist(b, s);
            }
            return null;
        });
    }

    /** Phase one; false when the branch did nothing (read-only: it has ended). */
    public boolean prepare() throws RsmException {
        return engine.lock.call(() -> engine.transactions.prepare(branch()));
    }

    /** Phase two, or the one phase of a local or one-phase transaction. */
    public void commit(boolean onePhase) throws RsmException {
        engine.lock.call(() -> {
            engine.transactions.commit(branch(), onePhase);
            return null;
        });
    }

    public void rollback() throws RsmException {
        engine.lock.call(() -> {
            engine.transactions.rollback(branch());
            return null;
        });
    }

    /** What the branch did so far, e.g. {@code [allocate A00001L8, mount A00001L8, prepare]}. */
    public List<String> log() throws RsmException {
        return engine.lock.call(() -> List.copyOf(branch().log));
    }

    @Override
    public String toString() {
        return "TransactionBranch[" + xid + "]";
    }
}
