package org.openrsm.engine;

import java.time.Duration;
import java.util.List;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/** A transaction branch of this server's engine. */
final class EngineBranch implements TransactionBranch {
    private final Engine engine;
    private final String xid;

    EngineBranch(Engine engine, String xid) {
        this.engine = engine;
        this.xid = xid;
    }

    @Override
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

    @Override
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

    @Override
    public void enlist(MediaSession session) throws RsmException {
        EngineSession s = engineSession(session);
        engine.lock.call(() -> {
            engine.transactions.enlist(branch(), s);
            return null;
        });
    }

    @Override
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

    @Override
    public boolean prepare() throws RsmException {
        return engine.lock.call(() -> engine.transactions.prepare(branch()));
    }

    @Override
    public void commit(boolean onePhase) throws RsmException {
        engine.lock.call(() -> {
            engine.transactions.commit(branch(), onePhase);
            return null;
        });
    }

    @Override
    public void rollback() throws RsmException {
        engine.lock.call(() -> {
            engine.transactions.rollback(branch());
            return null;
        });
    }

    @Override
    public List<String> log() throws RsmException {
        return engine.lock.call(() -> List.copyOf(branch().log));
    }

    @Override
    public String toString() {
        return "EngineBranch[" + xid + "]";
    }
}
