package org.openrsm.ra;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.engine.BranchPartlyCommittedException;
import org.openrsm.engine.BranchRolledBackException;
import org.openrsm.engine.RsmServer;
import org.openrsm.engine.StandBySessions;
import org.openrsm.engine.StandByTransactions;
import org.openrsm.engine.TransactionBranch;
import org.openrsm.engine.TransactionBranches;

/**
 * The XAResource of one ManagedConnection (cached: one per connection). A transaction branch of the engine
 * per Xid (DESIGN.md §6): {@code start} enlists the connection's sessions, {@code prepare} makes the branch
 * durable in the store, {@code commit} and {@code rollback} carry out the outcome. {@code recover} lists the
 * branches prepared before a crash, so the transaction manager can finish them: on a server standing by on a shared
 * catalog, from the catalog itself, where its decisions are recorded for the server driving the library.
 */
final class RsmXAResource implements XAResource {
    private static final Logger LOG = Logger.getLogger(RsmXAResource.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private final RsmManagedConnection connection;
    private final BranchParticipants participants;
    private volatile int timeout;

    RsmXAResource(RsmManagedConnection connection, BranchParticipants participants) {
        this.connection = connection;
        this.participants = participants;
    }

    /**
     * Where the connection's branches live: its engine, or the server driving the catalog while this one stands by;
     * XAER_RMFAIL (try again later) while there is neither.
     */
    private TransactionBranches branches() throws XAException {
        try {
            return connection.branches();
        } catch (RsmException e) {
            throw xaException(XAException.XAER_RMFAIL, e.getMessage(), e);
        }
    }

    /** The live branch of this server's sessions on the server driving the catalog, while this one stands by; or null. */
    private TransactionBranch standingByBranch(String id) throws XAException {
        try {
            StandBySessions remote = connection.factory().standBySessions();
            return remote == null ? null : remote.existingBranch(id);
        } catch (jakarta.resource.ResourceException e) {
            throw xaException(XAException.XAER_RMFAIL, e.getMessage(), e);
        }
    }

    /**
     * Where the branches are for recovery: the engine (the connection's, or the one running now), or null while this
     * server stands by on a shared catalog: then the catalog's own record of them ({@link #standingBy()}).
     */
    private RsmServer engineOrStandingBy() throws XAException {
        try {
            RsmServer s = connection.serverIfRunning();
            if (s != null && s.ownershipLost() != null) {
                // this connection's engine lost the catalog (the server was paused or cut off): the server driving
                // the catalog now holds its branches; this server's own engine, if it took the catalog back, or the
                // catalog itself while this server stands by
                s = connection.factory().runningServer();
                if (s != null && s.ownershipLost() != null) {
                    throw xaException(XAException.XAER_RMFAIL, "this OpenRSM server lost the catalog: "
                            + s.ownershipLost() + "; it stands by in a moment", null);
                }
            }
            if (s != null || connection.factory().standByTransactions() != null) {
                return s;
            }
        } catch (jakarta.resource.ResourceException e) {
            throw xaException(XAException.XAER_RMFAIL, e.getMessage(), e);
        }
        try {
            return connection.server();
        } catch (RsmException e) {
            throw xaException(XAException.XAER_RMFAIL, e.getMessage(), e);
        }
    }

    /** The catalog's branches while this server stands by; XAER_RMFAIL (try again) if it has just taken over. */
    private StandByTransactions standingBy() throws XAException {
        StandByTransactions t;
        try {
            t = connection.factory().standByTransactions();
        } catch (jakarta.resource.ResourceException e) {
            throw xaException(XAException.XAER_RMFAIL, e.getMessage(), e);
        }
        if (t == null) {
            // this server has just taken the catalog over: its engine has the branches now
            throw xaException(XAException.XAER_RMFAIL, "this OpenRSM server is taking the catalog over", null);
        }
        return t;
    }

    /**
     * A decision of this server's transaction manager on a branch in doubt in the shared catalog while this server
     * stands by (a branch it prepared before it died): recorded there; the server driving the catalog carries it out.
     */
    private void decide(Xid xid, boolean commit) throws XAException {
        String id = branchId(xid);
        try {
            switch (standingBy().decide(id, commit)) {
                case RECORDED -> { }
                case NO_SUCH_BRANCH -> throw xaException(XAException.XAER_NOTA, "the shared OpenRSM catalog has no "
                        + "transaction branch " + id + " in doubt", null);
                // another transaction manager decided it the other way: a heuristic outcome for this one
                case DECIDED_OTHERWISE -> throw xaException(commit ? XAException.XA_HEURRB : XAException.XA_HEURCOM,
                        "transaction branch " + id + " was already decided the other way in the shared OpenRSM "
                                + "catalog", null);
            }
            LOG.info(() -> "transaction branch " + id + " in doubt: " + (commit ? "commit" : "rollback") + " recorded in "
                    + "the shared catalog; the server driving the library carries it out");
        } catch (RsmException e) {
            throw xaException(XAException.XAER_RMFAIL, e.getMessage(), e);
        } finally {
            ended(id);
        }
    }

    /** The branch id the engine keeps: format id, global transaction id and branch qualifier. */
    static String branchId(Xid xid) {
        return xid.getFormatId() + "." + HEX.formatHex(xid.getGlobalTransactionId()) + "." + HEX.formatHex(xid.getBranchQualifier());
    }

    static Xid xid(String branchId) {
        String[] parts = branchId.split("\\.", -1);
        int format = Integer.parseInt(parts[0]);
        byte[] global = HEX.parseHex(parts[1]);
        byte[] branch = HEX.parseHex(parts[2]);
        return new Xid() {
            @Override
            public int getFormatId() {
                return format;
            }

            @Override
            public byte[] getGlobalTransactionId() {
                return global.clone();
            }

            @Override
            public byte[] getBranchQualifier() {
                return branch.clone();
            }
        };
    }

    private static XAException xaException(int code, String message, Throwable cause) {
        XAException e = new XAException(message);
        e.errorCode = code;
        e.initCause(cause);
        return e;
    }

    private static TransactionBranch existing(TransactionBranches branches, Xid xid) throws XAException {
        TransactionBranch b = branches.existingBranch(branchId(xid));
        if (b == null) {
            throw xaException(XAException.XAER_NOTA, "OpenRSM has no transaction branch " + branchId(xid), null);
        }
        return b;
    }

    private void ended(String branch) {
        participants.ended(branch);
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        String id = branchId(xid);
        TransactionBranches server = branches();
        boolean known = server.existingBranch(id) != null;
        if ((flags & (TMJOIN | TMRESUME)) != 0 && !known) {
            throw xaException(XAException.XAER_NOTA, "OpenRSM has no transaction branch " + id + " to join or resume", null);
        }
        if ((flags & (TMJOIN | TMRESUME)) == 0 && known) {
            throw xaException(XAException.XAER_DUPID, "OpenRSM transaction branch " + id + " exists already", null);
        }
        try {
            TransactionBranch branch = server.branch(id);
            if (timeout > 0 && !known) {
                // the transaction manager's timeout (Liberty: <transaction propagateXAResourceTransactionTimeout="true">)
                branch.timeout(java.time.Duration.ofSeconds(timeout));
            }
            connection.beginBranch(branch);
            participants.joined(id, connection);
        } catch (RsmException e) {
            throw xaException(XAException.XAER_PROTO, e.getMessage(), e);
        }
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        connection.endBranch(branchId(xid));
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        String id = branchId(xid);
        TransactionBranch b = existing(branches(), xid);
        try {
            boolean work = b.prepare();
            if (!work) {
                ended(id);
            }
            return work ? XA_OK : XA_RDONLY;
        } catch (BranchRolledBackException e) {
            ended(id);
            throw xaException(XAException.XA_RBINTEGRITY, e.getMessage(), e);
        } catch (RsmException | RuntimeException e) {
            // not rolled back (e.g. prepared twice): the transaction manager decides
            throw xaException(e instanceof RsmException r && r.error() == RsmError.INVALID_STATE ? XAException.XAER_PROTO
                    : XAException.XAER_RMERR, e.getMessage(), e);
        }
    }

    /**
     * Fault injection for the recovery test (a crash between prepare and commit cannot be caused otherwise): with
     * this system property {@code true}, the JVM halts on the next two-phase commit, before OpenRSM commits.
     */
    static final String HALT_BEFORE_COMMIT = "openrsm.test.haltBeforeCommit";

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (!onePhase && Boolean.getBoolean(HALT_BEFORE_COMMIT)) {
            LOG.severe("halting before the commit of " + branchId(xid) + " (" + HALT_BEFORE_COMMIT + ")");
            Runtime.getRuntime().halt(137);
        }
        String id = branchId(xid);
        RsmServer server = engineOrStandingBy();
        TransactionBranch b = server != null ? existing(server, xid) : standingByBranch(id);
        if (b == null && !onePhase) {
            decide(xid, true);   // prepared, and the owner that served this server's sessions is gone: through the catalog
            return;
        }
        if (b == null) {
            throw xaException(XAException.XAER_NOTA, "this OpenRSM server stands by: it has no transaction branch " + id
                    + " to commit in one phase", null);
        }
        try {
            b.commit(onePhase);
        } catch (BranchRolledBackException e) {
            throw xaException(XAException.XA_RBINTEGRITY, e.getMessage(), e);
        } catch (BranchPartlyCommittedException e) {
            throw xaException(XAException.XA_HEURMIX, e.getMessage(), e);
        } catch (RsmException e) {
            // NOT_CONNECTED: the owner serving this server's sessions stopped; the branch is in the catalog, try again
            throw xaException(e.error() == RsmError.INVALID_STATE ? XAException.XAER_PROTO
                    : e.error() == RsmError.NOT_CONNECTED ? XAException.XAER_RMFAIL : XAException.XAER_RMERR,
                    e.getMessage(), e);
        } catch (RuntimeException e) {
            throw xaException(XAException.XAER_RMERR, e.getMessage(), e);
        } finally {
            if ((server != null ? server.existingBranch(id) : standingByBranch(id)) == null) {
                ended(id);
            }
        }
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        String id = branchId(xid);
        RsmServer server = engineOrStandingBy();
        TransactionBranch b = server != null ? existing(server, xid) : standingByBranch(id);
        if (b == null) {
            decide(xid, false);
            return;
        }
        try {
            b.rollback();
        } catch (RsmException e) {
            if (e.error() == RsmError.NOT_CONNECTED) {
                // the owner stopped: an unprepared branch ended with it, a prepared one is decided through the catalog
                decide(xid, false);
                return;
            }
            throw xaException(XAException.XAER_RMERR, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw xaException(XAException.XAER_RMERR, e.getMessage(), e);
        } finally {
            ended(id);
        }
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        if ((flag & TMSTARTRSCAN) == 0) {
            return new Xid[0];
        }
        RsmServer server = engineOrStandingBy();
        List<String> inDoubt;
        try {
            inDoubt = server != null ? server.inDoubtBranches() : standingBy().inDoubt();
        } catch (RsmException e) {
            throw xaException(XAException.XAER_RMFAIL, e.getMessage(), e);
        }
        List<Xid> out = new ArrayList<>();
        for (String id : inDoubt) {
            try {
                out.add(xid(id));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "in-doubt branch " + id + " is not an XA branch id", e);
            }
        }
        return out.toArray(Xid[]::new);
    }

    @Override
    public void forget(Xid xid) {
        // OpenRSM never ends a branch heuristically on its own: there is nothing to forget
    }

    @Override
    public boolean isSameRM(XAResource other) {
        try {
            return other instanceof RsmXAResource r && r.connection.serverIfRunning() == connection.serverIfRunning();
        } catch (jakarta.resource.ResourceException e) {
            return false;
        }
    }

    @Override
    public int getTransactionTimeout() {
        return timeout;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        this.timeout = seconds;
        return true;
    }
}
