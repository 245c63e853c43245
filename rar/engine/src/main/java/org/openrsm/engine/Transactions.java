package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.core.EngineClock;
import org.openrsm.engine.catalog.Errors;
import org.openrsm.engine.catalog.Model.Logical;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.store.Store;
import org.openrsm.store.TransactionLog;

/**
 * Transaction branches of sessions (DESIGN.md §6). A branch is what one transaction did through the sessions
 * enlisted in it:
 * <ul>
 * <li>allocations happen at once (so two transactions get different sides without waiting for each other) but
 * the logical medium is marked pending: only the branch sees it, and a rollback undoes the allocation;</li>
 * <li>mounts load at once; a rollback releases the drive as a deferred dismount;</li>
 * <li>dismount, deallocate, set-complete, move-to-pool and ACL changes are checked at once and carried out at
 * commit.</li>
 * </ul>
 * Prepare writes the branch to {@code TX_LOG} in the store, so a branch prepared before a crash is in doubt after
 * the restart until the transaction manager commits or rolls it back; a pending allocation without a prepared
 * branch is rolled back at start-up (presumed abort). Engine lock throughout.
 */
final class Transactions {
    private static final Logger LOG = Logger.getLogger(Transactions.class.getName());
    private static final int HISTORY = 200;

    enum Phase { ACTIVE, PREPARED, COMMITTED, ROLLED_BACK }

    final class Branch {
        final String xid;
        final Set<EngineSession> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<LogicalMediaId> allocated = new ArrayList<>();
        final List<Map.Entry<EngineSession, SideId>> mounted = new ArrayList<>();
        final List<DeferredOp> deferred = new ArrayList<>();
        final List<EngineSession> deferredBy = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        Phase phase = Phase.ACTIVE;
        /** deferred operations already carried out by a commit that a crash interrupted */
        int done;
        /** found in TX_LOG as a one-phase commit under way (not in doubt: finished at start-up) */
        boolean committing;
        /** found in TX_LOG as rolled back by the transaction manager of another server (finished at start-up) */
        boolean rollingBack;
        /** prepared before this engine started (found in TX_LOG): only the transaction manager of the server that
         *  prepared it can decide it, possibly through the catalog while that server stands by */
        boolean recovered;
        /** the branch has its TX_LOG row (prepared with durable work, or a one-phase commit that needs one) */
        boolean logged;
        /** the server whose engine logged it, of the servers of a shared catalog (null for a catalog of one server) */
        String preparedBy;
        /**
         * the server standing by whose sessions work in it, whose transaction manager decides it (null: this server's):
         * prepared, it is logged as that server's, and its decision may come through the catalog
         */
        String forServer;
        /** the transaction manager's timeout for the branch ({@code XAResource.setTransactionTimeout}), or null */
        Duration timeout;
        /** when that timeout runs out, on the engine's clock */
        long deadline;

        /** What is left of the transaction's timeout (never negative), or null if it has none. */
        Duration timeLeft(EngineClock clock) {
            return timeout == null ? null : Duration.ofNanos(Math.max(0, deadline - clock.nanoTime()));
        }

        Branch(String xid) {
            this.xid = xid;
        }

        boolean empty() {
            return allocated.isEmpty() && mounted.isEmpty() && deferred.isEmpty();
        }
    }

    private final Engine engine;
    private final Map<String, Branch> branches = new LinkedHashMap<>();
    /** objects a branch will change at commit: nobody else may change or mount them until it ends */
    private final Map<RsmId, Branch> claims = new HashMap<>();
    /** the branch whose deferred operations are being checked or carried out */
    private Branch executing;
    private final Deque<String> history = new ArrayDeque<>();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong rolledBack = new AtomicLong();
    private EngineSession recovery;

    Transactions(Engine engine) {
        this.engine = engine;
    }

    /** The branch with this id: an active or prepared one, else a new one. */
    Branch begin(String xid) throws RsmException {
        if (xid == null || xid.isBlank() || xid.length() > 512) {
            throw Errors.invalidParameter("a transaction branch id must have 1..512 characters");
        }
        return branches.computeIfAbsent(xid, Branch::new);
    }

    Branch find(String xid) {
        return branches.get(xid);
    }

    void enlist(Branch b, EngineSession s) throws RsmException {
        if (b.phase != Phase.ACTIVE) {
            throw invalidState("transaction branch " + b.xid + " is " + b.phase + "; no session can join it");
        }
        if (s.branch != null && s.branch != b) {
            throw invalidState("session " + s.application() + " is already in transaction branch " + s.branch.xid);
        }
        s.branch = b;
        s.rolledBackUnder = null;
        b.sessions.add(s);
    }

    void delist(Branch b, EngineSession s) {
        if (s.branch == b) {
            s.branch = null;
        }
        b.sessions.remove(s);
    }

    // ---- what sessions do in a branch

    void allocated(Branch b, LogicalMediaId id, String label) {
        b.allocated.add(id);
        b.log.add("allocate " + label);
    }

    void mounted(Branch b, EngineSession s, List<SideId> sides) {
        for (SideId side : sides) {
            b.mounted.add(Map.entry(s, side));
            b.log.add("mount " + engine.label(engine.state.get(side, Side.class)));
        }
    }

    /**
     * Checks the operation now (plans it, seeing the sides the branch dismounts before it as released, and discards
     * the plan) and queues it for the commit.
     */
    void defer(Branch b, EngineSession s, DeferredOp op) throws RsmException {
        if (b.phase != Phase.ACTIVE) {
            throw invalidState("transaction branch " + b.xid + " has ended (" + b.phase + "); the operation was not done");
        }
        plan(s, op, released(b, b.deferred.size()));   // and discard
        for (RsmId id : claimed(op)) {
            Branch owner = claims.get(id);
            if (owner != null && owner != b) {
                throw busy(id, owner);
            }
        }
        b.deferred.add(op);
        b.deferredBy.add(s);
        claimed(op).forEach(id -> claims.put(id, b));
        b.log.add(TransactionCodec.kind(op).toLowerCase() + " (at commit)");
    }

    /** What a deferred operation will change: the logical medium and its side, the cartridge and its sides, the ACL's object. */
    private List<RsmId> claimed(DeferredOp op) {
        List<RsmId> ids = new ArrayList<>();
        LogicalMediaId logical = op instanceof DeferredOp.Deallocate d ? d.medium()
                : op instanceof DeferredOp.Complete c ? c.medium() : null;
        if (logical != null) {
            ids.add(logical);
            Logical l = engine.state.get(logical, Logical.class);
            if (l != null) {
                ids.add(l.side);
            }
        } else if (op instanceof DeferredOp.MoveToPool move) {
            ids.add(move.medium());
            Medium m = engine.state.get(move.medium(), Medium.class);
            if (m != null) {
                ids.addAll(m.sides);
            }
        } else if (op instanceof DeferredOp.SetAcl acl) {
            ids.add(acl.object());
        }
        // a dismount changes what the session holds: nobody else can touch it anyway
        return ids;
    }

    private static RsmException busy(RsmId id, Branch owner) {
        return error(RsmError.BUSY, id.type().displayName() + " " + id + " has a change in transaction " + owner.xid
                + " that is not committed yet; try again when it ends");
    }

    /** BUSY if another branch will change the object at commit (engine lock). */
    void checkUnclaimed(EngineSession s, RsmId id) throws RsmException {
        Branch owner = id == null ? null : claims.get(id);
        if (owner != null && owner != executing && (s == null || s.branch != owner)) {
            throw busy(id, owner);
        }
    }

    /** The sides the first {@code count} deferred operations of the branch dismount. */
    private static Set<SideId> released(Branch b, int count) {
        Set<SideId> sides = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if (b.deferred.get(i) instanceof DeferredOp.Dismount d) {
                sides.addAll(d.sides());
            }
        }
        return sides;
    }

    /**
     * Checks and plans a deferred operation as it would run now, after the branch's earlier operations released
     * {@code released}; nothing is changed. A dismount plans the catalog change of the dismount itself.
     */
    private PlannedChange plan(EngineSession s, DeferredOp op, Set<SideId> released) throws RsmException {
        if (op instanceof DeferredOp.Dismount d) {
            return engine.dismounts.planDismount(s, engine.resolveAll(d.sides(), "dismount"), d.deferred());
        } else if (op instanceof DeferredOp.Deallocate d) {
            return engine.allocations.planDeallocate(s, d.medium(), released);
        } else if (op instanceof DeferredOp.Complete c) {
            return engine.allocations.planComplete(s, c.medium(), released);
        } else if (op instanceof DeferredOp.MoveToPool m) {
            return engine.pools.planMove(s, m.medium(), m.pool(), released);
        }
        DeferredOp.SetAcl a = (DeferredOp.SetAcl) op;
        return engine.attributes.planSecurity(s, a.object(), a.acl());
    }

    /** Checks every deferred operation again, in order; a failure rolls the branch back and is thrown. */
    private void checkAll(Branch b, String phase) throws RsmException {
        for (int i = 0; i < b.deferred.size(); i++) {
            executing = b;
            try {
                plan(session(b.deferredBy.get(i)), b.deferred.get(i), released(b, i));   // and discard
            } catch (RsmException e) {
                executing = null;
                b.log.add(phase + " failed: " + e.getMessage());
                rollbackQuietly(b);
                throw new BranchRolledBackException(e.error(), "transaction branch " + b.xid + " cannot commit: " + e.getMessage());
            } finally {
                executing = null;
            }
        }
    }

    private void rollbackQuietly(Branch b) {
        try {
            rollback(b);
        } catch (RsmException | RuntimeException e) {
            LOG.log(Level.SEVERE, "transaction branch " + b.xid + " could not be rolled back completely", e);
        }
    }

    /**
     * Carries a deferred operation out: a dismount as a dismount (it moves robots and releases the session's
     * sides), a catalog operation as its plan, committed with {@code extra} in the same store transaction.
     */
    private void execute(EngineSession s, DeferredOp op, Store.Work<Void> extra) throws RsmException {
        if (op instanceof DeferredOp.Dismount d) {
            if (s.isOpen()) {
                engine.dismounts.dismount(s, d.sides(), d.deferred());
            }
            return;
        }
        PlannedChange planned = plan(s, op, PlannedChange.NONE_RELEASED);
        engine.commits.commit(planned.change(), planned.what(), extra);
    }

    // ---- outcome

    /** Phase one: false if the branch did nothing (read-only); a deferred operation that no longer passes rolls back. */
    boolean prepare(Branch b) throws RsmException {
        if (b.phase != Phase.ACTIVE) {
            throw invalidState("transaction branch " + b.xid + " is " + b.phase + ", not ACTIVE");
        }
        if (b.empty()) {
            end(b, Phase.COMMITTED, "prepare (read-only)");
            return false;
        }
        checkAll(b, "prepare");
        try {
            if (durable(b)) {
                log(b, TransactionLog.PREPARED);
                b.logged = true;
            }
        } catch (RsmException e) {
            b.log.add("prepare failed: " + e.getMessage());
            rollbackQuietly(b);
            throw new BranchRolledBackException(e.error(), "transaction branch " + b.xid + " could not be prepared: "
                    + e.getMessage());
        }
        b.phase = Phase.PREPARED;
        b.log.add("prepare");
        return true;
    }

    /**
     * Whether a prepared branch needs its TX_LOG row: it allocated or changes the catalog at commit. A branch that
     * only mounted and dismounts needs none: if the server dies before the commit, no session survives, and its media
     * wait in their drives as deferred dismounts anyway; the transaction manager, finding no such branch in doubt,
     * has nothing to finish.
     */
    private static boolean durable(Branch b) {
        return !b.allocated.isEmpty() || b.deferred.stream().anyMatch(DeferredOp::changesCatalog);
    }

    /**
     * Whether a one-phase commit takes more than one store transaction that matters after a crash: several catalog
     * operations, or one and the allocations it must not be separated from. Dismounts do not count: after a crash the
     * sessions are gone and their media wait as deferred dismounts anyway.
     */
    private static boolean needsLog(Branch b) {
        long catalogOps = b.deferred.stream().filter(DeferredOp::changesCatalog).count();
        return catalogOps > 1 || catalogOps == 1 && !b.allocated.isEmpty();
    }

    /** Writes the branch and its deferred operations to TX_LOG. */
    private void log(Branch b, int state) throws RsmException {
        String ops = String.join("\n", b.deferred.stream().map(TransactionCodec::text).toList());
        engine.store().inTransaction("log transaction branch " + b.xid, c -> {
            b.preparedBy = b.forServer != null ? b.forServer : engine.serverName();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO TX_LOG (XID, STATE, OPS, DONE, PREPARED_BY) VALUES (?, ?, ?, 0, ?)")) {
                ps.setString(1, b.xid);
                ps.setInt(2, state);
                ps.setString(3, ops);
                ps.setString(4, b.preparedBy);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Phase two, or the only phase. A one-phase commit checks the deferred operations first (a failure rolls back
     * and is thrown) and, when there are any, logs itself as COMMITTING so a crash half-way is finished at start-up.
     */
    void commit(Branch b, boolean onePhase) throws RsmException {
        if (b.phase == Phase.ACTIVE && !onePhase) {
            throw invalidState("transaction branch " + b.xid + " was not prepared");
        }
        if (b.phase != Phase.ACTIVE && b.phase != Phase.PREPARED) {
            throw invalidState("transaction branch " + b.xid + " is " + b.phase);
        }
        if (b.phase == Phase.ACTIVE) {
            checkAll(b, "commit");
            if (needsLog(b)) {
                log(b, TransactionLog.COMMITTING);
                b.phase = Phase.PREPARED;
                b.logged = true;
            }
        }
        boolean logged = b.logged;
        List<String> failures = new ArrayList<>();
        try {
            for (int i = b.done; i < b.deferred.size(); i++) {
                int next = i + 1;
                EngineSession by = b.deferredBy.get(i);
                if (!b.deferred.get(i).changesCatalog() && (by == null || !by.isOpen())) {
                    // the session is gone (closed, or before a restart): its media already wait as deferred dismounts
                    b.done = next;
                    continue;
                }
                executing = b;
                try {
                    execute(session(by), b.deferred.get(i), logged ? c -> {
                        setDone(c, b.xid, next);
                        return null;
                    } : null);
                } catch (RsmException e) {
                    failures.add(TransactionCodec.kind(b.deferred.get(i)) + ": " + e.getMessage());
                    LOG.log(Level.SEVERE, "transaction branch " + b.xid + ": " + TransactionCodec.text(b.deferred.get(i))
                            + " could not be carried out at commit", e);
                } finally {
                    executing = null;
                }
                b.done = next;
            }
            Change change = new Change(engine.state);
            for (LogicalMediaId id : b.allocated) {
                Logical l = engine.state.get(id, Logical.class);
                if (l != null && b.xid.equals(l.pendingTx)) {
                    Logical e = change.edit(l);
                    e.pendingTx = null;
                    e.pendingUndo = null;
                }
            }
            engine.commits.commit(change, "commit transaction branch " + b.xid, logged ? c -> forget(c, b.xid) : null);
        } finally {
            // whatever happened, the sessions leave the branch; a store failure above leaves TX_LOG to finish it
            end(b, Phase.COMMITTED, failures.isEmpty() ? "commit" : "commit with failures " + failures);
        }
        if (!failures.isEmpty()) {
            throw new BranchPartlyCommittedException("transaction branch " + b.xid + " committed, but " + failures);
        }
    }

    /** Undoes the allocations (last first), releases what the branch mounted as deferred dismounts, drops the rest. */
    void rollback(Branch b) throws RsmException {
        if (b.phase == Phase.COMMITTED || b.phase == Phase.ROLLED_BACK) {
            throw invalidState("transaction branch " + b.xid + " is already " + b.phase);
        }
        boolean logged = b.logged;
        try {
            Change change = new Change(engine.state);
            for (int i = b.allocated.size() - 1; i >= 0; i--) {
                Logical l = engine.state.get(b.allocated.get(i), Logical.class);
                if (l != null && b.xid.equals(l.pendingTx)) {
                    undoAllocation(change, l);
                }
            }
            engine.commits.commit(change, "roll back transaction branch " + b.xid, logged ? c -> forget(c, b.xid) : null);
            b.log.add("rollback");
            for (Map.Entry<EngineSession, SideId> m : b.mounted) {
                if (engine.holders.get(m.getValue()) == m.getKey()) {
                    b.log.add("deferred-dismount " + engine.label(engine.state.get(m.getValue(), Side.class)));
                    engine.dismounts.releaseAsDeferred(m.getKey(), m.getValue(), "a rolled-back transaction");
                }
            }
        } finally {
            end(b, Phase.ROLLED_BACK, null);
        }
    }

    private void end(Branch b, Phase phase, String last) {
        if (last != null) {
            b.log.add(last);
        }
        b.phase = phase;
        branches.remove(b.xid);
        claims.values().removeIf(owner -> owner == b);
        for (EngineSession s : b.sessions) {
            if (s.branch == b) {
                s.branch = null;
                if (phase == Phase.ROLLED_BACK && !b.xid.startsWith("local-")) {
                    // rolled back while the application still worked in it (a timeout): its later calls must not
                    // quietly run outside the transaction
                    s.rolledBackUnder = b.xid;
                }
            }
        }
        (phase == Phase.COMMITTED ? committed : rolledBack).incrementAndGet();
        history.addLast(b.xid + ": " + String.join(", ", b.log));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** A deferred operation carried out: the branch is committing from now on, whatever its row said before. */
    private static void setDone(java.sql.Connection c, String xid, int done) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE TX_LOG SET DONE = ?, STATE = ? WHERE XID = ?")) {
            ps.setInt(1, done);
            ps.setInt(2, TransactionLog.COMMITTING);
            ps.setString(3, xid);
            ps.executeUpdate();
        }
    }

    private static Void forget(java.sql.Connection c, String xid) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM TX_LOG WHERE XID = ?")) {
            ps.setString(1, xid);
            ps.executeUpdate();
        }
        return null;
    }

    /** A deferred operation's session, or the recovery session when it is gone (closed, or before a restart). */
    private EngineSession session(EngineSession s) throws RsmException {
        if (s != null && s.isOpen()) {
            return s;
        }
        if (recovery == null || !recovery.isOpen()) {
            recovery = engine.openSession("OpenRSM transaction recovery", null, Set.of());
        }
        return recovery;
    }

    // ---- undo and recovery

    private void undoAllocation(Change change, Logical l) {
        TransactionCodec.AllocationUndo undo = TransactionCodec.parseUndo(l.pendingUndo);
        Side s = change.edit(change.get(l.side, Side.class));
        s.state = undo.before();
        s.logicalMedia = null;
        s.staleData = true;
        s.allocateCount = Math.max(0, s.allocateCount - 1);
        Medium m = change.get(s.medium, Medium.class);
        if (undo.previousPool() != null) {
            change.edit(m).pool = undo.previousPool();
        }
        for (SideId sibling : undo.reserved()) {
            Side sib = change.get(sibling, Side.class);
            if (sib != null && sib.state == SideState.RESERVED) {
                change.edit(sib).state = SideState.AVAILABLE;
            }
        }
        change.delete(l);
    }

    /**
     * Start-up: prepared branches become in-doubt branches again; allocations of branches that never prepared are
     * undone (presumed abort).
     */
    void recover() throws RsmException {
        Map<String, Branch> prepared = engine.store().inTransaction("read the prepared transaction branches", c -> {
            Map<String, Branch> found = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT XID, OPS, DONE, STATE, PREPARED_BY FROM TX_LOG")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Branch b = new Branch(rs.getString(1));
                        b.phase = Phase.PREPARED;
                        b.logged = true;
                        b.recovered = true;
                        b.committing = rs.getInt(4) == TransactionLog.COMMITTING;
                        b.rollingBack = rs.getInt(4) == TransactionLog.ROLLING_BACK;
                        b.done = rs.getInt(3);
                        b.preparedBy = rs.getString(5);
                        for (String op : rs.getString(2).split("\n")) {
                            if (!op.isBlank()) {
                                b.deferred.add(TransactionCodec.parse(op));
                                b.deferredBy.add(null);
                            }
                        }
                        b.log.add(b.committing ? "committing when the server stopped" : b.rollingBack
                                ? "rolled back by the transaction manager of another server" : "in doubt after a restart");
                        found.put(b.xid, b);
                    }
                }
            }
            return found;
        });
        Change change = new Change(engine.state);
        Set<String> aborted = new HashSet<>();
        for (Logical l : engine.state.all(Logical.class)) {
            if (l.pendingTx == null) {
                continue;
            }
            Branch b = prepared.get(l.pendingTx);
            if (b != null) {
                b.allocated.add(l.id);
            } else {
                aborted.add(l.pendingTx);
                undoAllocation(change, l);
            }
        }
        engine.commits.commit(change, "roll back the allocations of transactions that never prepared");
        if (!aborted.isEmpty()) {
            LOG.warning(() -> "transaction branches " + aborted + " ended with the server before they were prepared; "
                    + "their allocations are rolled back");
        }
        List<String> inDoubt = prepared.values().stream().filter(b -> !b.committing && !b.rollingBack).map(b -> b.xid).toList();
        if (!inDoubt.isEmpty()) {
            LOG.warning(() -> "transaction branches " + inDoubt + " were prepared before the restart; they are in "
                    + "doubt until the transaction manager commits or rolls them back");
        }
        branches.putAll(prepared);
        for (Branch b : prepared.values()) {
            for (DeferredOp op : b.deferred.subList(Math.min(b.done, b.deferred.size()), b.deferred.size())) {
                claimed(op).forEach(id -> claims.put(id, b));
            }
        }
        for (Branch b : List.copyOf(prepared.values())) {
            // the decision was made (a one-phase commit under way, or another server's transaction manager): finish it
            finishDecided(b);
        }
    }

    private void finishDecided(Branch b) {
        try {
            if (b.committing) {
                commit(b, false);
            } else if (b.rollingBack) {
                rollback(b);
            }
        } catch (RsmException e) {
            LOG.log(Level.SEVERE, "could not finish the " + (b.committing ? "commit" : "rollback") + " of transaction branch "
                    + b.xid + " (finished at the next start)", e);
        }
    }

    /**
     * The decisions that the transaction manager of a server standing by recorded in TX_LOG for branches in doubt here
     * ({@link TransactionLog#decide}): typically a server that prepared a branch, died, and came back while this one
     * drives the catalog. Carried out now; a crash half-way is finished at the next start, like any commit.
     */
    void finishDecisions() throws RsmException {
        if (!inDoubtSinceStart()) {
            return;
        }
        for (Map.Entry<String, Integer> d : new TransactionLog(engine.store()).decided().entrySet()) {
            Branch b = branches.get(d.getKey());
            // a branch this engine prepared for itself is decided by this server's transaction manager, never through
            // the catalog
            if (b == null || !(b.recovered || b.forServer != null) || b.phase != Phase.PREPARED || b.committing
                    || b.rollingBack) {
                continue;
            }
            b.committing = d.getValue() == TransactionLog.COMMITTING;
            b.rollingBack = !b.committing;
            b.log.add("decided by the transaction manager of another server");
            LOG.info(() -> "transaction branch " + b.xid + " in doubt: " + (b.committing ? "committed" : "rolled back")
                    + " as the transaction manager of another server decided");
            finishDecided(b);
        }
    }

    /**
     * Whether a branch whose decision may come through the catalog still waits for it: prepared before this engine
     * started, or for a server standing by.
     */
    boolean inDoubtSinceStart() {
        return branches.values().stream().anyMatch(b -> (b.recovered || b.forServer != null) && b.phase == Phase.PREPARED
                && !b.committing && !b.rollingBack);
    }

    /**
     * Branch {@code xid} (begun if new) is that of server {@code server}, standing by: its sessions work in it, and its
     * transaction manager decides it (engine lock).
     */
    Branch beginFor(String xid, String server) throws RsmException {
        Branch b = begin(xid);
        if (b.forServer == null && b.sessions.isEmpty() && b.phase == Phase.ACTIVE && b.empty()) {
            b.forServer = server;
        }
        if (!server.equals(b.forServer)) {
            throw invalidState("transaction branch " + xid + " is not one of server " + server);
        }
        return b;
    }

    /**
     * The branches of server {@code server}, standing by, that were not prepared: when that server is gone, its
     * transaction manager will never decide them (it knows no branch it did not prepare), so they are rolled back.
     */
    List<Branch> activeFor(String server) {
        return branches.values().stream().filter(b -> server.equals(b.forServer) && b.phase == Phase.ACTIVE).toList();
    }

    /** Whether branch {@code xid} is one of server {@code server}, standing by (engine lock). */
    boolean isFor(String xid, String server) {
        Branch b = branches.get(xid);
        return b != null && server.equals(b.forServer);
    }

    /** Prepared branches waiting for the transaction manager's decision. */
    List<String> inDoubt() {
        return inDoubtFor(null);
    }

    /**
     * The branches in doubt that the transaction manager of {@code server} prepared (XAResource.recover): on a shared
     * catalog a server's transaction manager is told only of its own, never of those a dead server prepared; a branch
     * of a catalog of one server (or of an older schema) has no server and is told to every one. Null: all of them.
     */
    List<String> inDoubtFor(String server) {
        return branches.values().stream().filter(b -> b.phase == Phase.PREPARED && !b.committing && !b.rollingBack)
                .filter(b -> server == null || b.preparedBy == null || b.preparedBy.equals(server)).map(b -> b.xid).toList();
    }

    List<String> active() {
        return branches.values().stream().filter(b -> b.phase == Phase.ACTIVE).map(b -> b.xid).toList();
    }

    /** The last branches that ended, oldest first: "xid: allocate …, mount …, prepare, commit". */
    List<String> history() {
        return new ArrayList<>(history);
    }

    /** A logical medium a pending branch allocated is visible only inside that branch. */
    static boolean visible(Logical l, EngineSession s) {
        return l.pendingTx == null || s != null && s.branch != null && s.branch.xid.equals(l.pendingTx);
    }
}
