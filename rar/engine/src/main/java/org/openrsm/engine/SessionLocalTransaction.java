package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.invalidState;

import java.util.UUID;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmLocalTransaction;

/** A local transaction of one session (a branch of its own, {@code local-<uuid>}, committed in one phase). */
final class SessionLocalTransaction implements RsmLocalTransaction {
    private final Engine engine;
    private final EngineSession session;
    private String xid;

    SessionLocalTransaction(Engine engine, EngineSession session) {
        this.engine = engine;
        this.session = session;
    }

    @Override
    public void begin() throws RsmException {
        engine.lock.call(() -> {
            if (session.branch != null) {
                throw invalidState("session " + session.application() + " is already in transaction "
                        + session.branch.xid);
            }
            xid = "local-" + UUID.randomUUID();
            engine.transactions.enlist(engine.transactions.begin(xid), session);
            return null;
        });
    }

    private Transactions.Branch active() throws RsmException {
        Transactions.Branch b = xid == null ? null : engine.transactions.find(xid);
        if (b == null) {
            throw invalidState("no local transaction is active on session " + session.application());
        }
        xid = null;
        return b;
    }

    @Override
    public void commit() throws RsmException {
        engine.lock.call(() -> {
            engine.transactions.commit(active(), true);
            return null;
        });
    }

    @Override
    public void rollback() throws RsmException {
        engine.lock.call(() -> {
            engine.transactions.rollback(active());
            return null;
        });
    }

    @Override
    public boolean isActive() {
        return xid != null;
    }
}
