package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.openrsm.api.AccessRight;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OmidLabelType;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PoolType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model.Logical;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.catalog.Model;
import org.openrsm.engine.requests.OperatorRequest;

/**
 * Allocation and the life of a logical medium (RSM.md §2.4, §3.3): choosing a side in a pool (or Free), swapping,
 * deallocating, completing and decommissioning sides. Every method runs under the engine lock.
 */
final class Allocations {
    private final Engine engine;

    Allocations(Engine engine) {
        this.engine = engine;
    }

    private MemoryCatalog state() {
        return engine.state;
    }

    /** An application pool with a media type, the only kind media are allocated from. */
    private Pool allocationPool(MediaPoolId poolId) throws RsmException {
        Pool pool = engine.pools.pool(poolId);
        if (pool.type != PoolType.APPLICATION) {
            throw error(RsmError.INVALID_MEDIA_POOL, "media can be allocated from application pools only, not from "
                    + pool.path);
        }
        if (pool.mediaType == null) {
            throw error(RsmError.INVALID_MEDIA_POOL, "media pool " + pool.path + " has no media type: it only holds pools");
        }
        return pool;
    }

    /**
     * One attempt of {@code AllocateNtmsMedia} (RSM.md §3.3): a new logical medium, or null when the pool (and,
     * with "draw from Free", the Free pool) has no side to give. NEXT and a given side fail at once instead.
     */
    LogicalMediaId tryAllocate(EngineSession session, MediaPoolId poolId, AllocateOptions options) throws RsmException {
        if (options == null) {
            throw invalidParameter("no allocate options given");
        }
        Pool pool = allocationPool(poolId);
        engine.security.require(session, pool.id, AccessRight.CONTROL, "allocate");
        String application = session == null ? "OpenRSM" : session.application();
        Change change = new Change(state());
        Side side;
        if (options.nextSide().isPresent()) {
            Logical previous = logical(options.nextSide().get());
            Medium m = state().get(state().get(previous.side, Side.class).medium, Medium.class);
            side = null;
            for (SideId id : m.sides) {
                Side s = state().get(id, Side.class);
                if (s.state == SideState.RESERVED) {
                    side = s;
                    break;
                }
            }
            if (side == null) {
                throw error(RsmError.MEDIA_UNAVAILABLE, m.label() + " has no reserved side left for NEXT after logical medium "
                        + previous.id + " (allocate the first side with NEW)");
            }
            if (!m.pool.equals(pool.id)) {
                throw error(RsmError.INVALID_MEDIA_POOL, m.label() + " is in " + state().get(m.pool, Pool.class).path
                        + ", not in " + pool.path);
            }
        } else if (options.side().isPresent()) {
            side = engine.resolve(options.side().get());
            Medium m = engine.medium(side);
            Pool from = state().get(m.pool, Pool.class);
            if (!m.mediaType.equals(pool.mediaType)) {
                throw error(RsmError.MEDIA_INCOMPATIBLE, m.label() + " holds " + engine.pools.typeName(m.mediaType) + " media; "
                        + pool.path + " holds " + engine.pools.typeName(pool.mediaType));
            }
            if (side.state == SideState.IMPORT || side.state == SideState.AVAILABLE && from.type == PoolType.SCRATCH) {
                // atomic import: the cartridge moves into the pool and the side is allocated
                engine.security.require(session, from.id, AccessRight.USE, "allocate from " + from.path);
                change.edit(m).pool = pool.id;
            } else if (side.state != SideState.AVAILABLE) {
                throw invalidState("side " + engine.label(side) + " is " + side.state
                        + "; only AVAILABLE or IMPORT sides can be allocated by id");
            } else if (!from.id.equals(pool.id)) {
                throw error(RsmError.INVALID_MEDIA_POOL, m.label() + " is in " + from.path + ", not in " + pool.path
                        + " or a Free pool; move it first");
            }
        } else {
            side = availableSide(pool.id, options.newSide());
            if (side == null && pool.policy.allocateFromFree()) {
                Pool free = engine.setup.systemPool(PoolType.SCRATCH, pool.mediaType);
                side = free == null ? null : availableSide(free.id, options.newSide());
                if (side != null) {
                    engine.security.require(session, free.id, AccessRight.USE, "allocate from " + free.path);
                    change.edit(engine.medium(side)).pool = pool.id;
                }
            }
            if (side == null) {
                return null;
            }
        }
        SideState before = side.state;
        Medium drawn = engine.medium(side);
        MediaPoolId previousPool = change.get(drawn.id, Medium.class).pool.equals(drawn.pool) ? null : drawn.pool;
        Side s = change.edit(side);
        Logical l = change.create(new Logical());
        l.id = LogicalMediaId.random();
        l.side = s.id;
        l.pool = pool.id;
        l.name = engine.label(side);
        s.state = SideState.ALLOCATED;
        s.logicalMedia = l.id;
        s.allocateCount++;
        List<SideId> reserved = new ArrayList<>();
        if (options.newSide()) {
            // NTMS_ALLOCATE_NEW: the other sides stay with this application (RSM.md §2.4)
            for (SideId id : engine.medium(side).sides) {
                Side sibling = state().get(id, Side.class);
                if (!sibling.id.equals(side.id) && sibling.state == SideState.AVAILABLE) {
                    change.edit(sibling).state = SideState.RESERVED;
                    reserved.add(id);
                }
            }
        }
        if (session != null && session.branch != null) {
            // allocated in a transaction: only the branch sees it until it commits; a rollback undoes it
            l.pendingTx = session.branch.xid;
            l.pendingUndo = TransactionCodec.text(new TransactionCodec.AllocationUndo(before, previousPool, reserved));
        }
        engine.commits.commit(change, "allocate " + engine.label(side) + " from " + pool.path + " for " + application);
        return l.id;
    }

    /** Why {@link #tryAllocate} found nothing, for MEDIA_UNAVAILABLE and the NEWMEDIA request. */
    String nothingAvailable(MediaPoolId poolId) throws RsmException {
        Pool pool = engine.pools.pool(poolId);
        return "media pool " + pool.path + " has no available " + engine.pools.typeName(pool.mediaType) + " side"
                + (pool.policy.allocateFromFree() ? " and the Free pool has none either"
                : " (its policy does not draw from the Free pool)");
    }

    /**
     * An AVAILABLE side of an enabled, online cartridge in the pool, lowest bar code first; with {@code whole},
     * only cartridges whose sides are all AVAILABLE.
     */
    Side availableSide(MediaPoolId pool, boolean whole) {
        for (PhysicalMediaId id : state().withAvailableSides(pool)) {
            Medium m = state().get(id, Medium.class);
            if (!m.enabled || m.locationType == ObjectType.LIBRARY || engine.busyMedia.contains(m.id)) {
                continue;
            }
            Side first = null;
            boolean allAvailable = true;
            for (SideId sid : m.sides) {
                Side s = state().get(sid, Side.class);
                if (s.state == SideState.AVAILABLE) {
                    first = first == null ? s : first;
                } else {
                    allAvailable = false;
                }
            }
            if (first != null && (!whole || allAvailable)) {
                // the candidates come in bar code order: the first usable one is the lowest
                return first;
            }
        }
        return null;
    }

    /** {@code SwapNtmsMedia}: the two logical media exchange their sides. */
    void swap(EngineSession session, LogicalMediaId a, LogicalMediaId b) throws RsmException {
        Logical la = logical(a);
        Logical lb = logical(b);
        engine.transactions.checkUnclaimed(session, la.id);
        engine.transactions.checkUnclaimed(session, lb.id);
        if (la.id.equals(lb.id)) {
            throw error(RsmError.INVALID_MEDIA, "logical medium " + a + " cannot be swapped with itself");
        }
        if (!la.pool.equals(lb.pool)) {
            throw error(RsmError.INVALID_MEDIA_POOL, "logical media " + a + " and " + b + " are in different pools");
        }
        engine.security.require(session, la.pool, AccessRight.MODIFY, "swap");
        Side sa = state().get(la.side, Side.class);
        Side sb = state().get(lb.side, Side.class);
        for (Side s : new Side[] {sa, sb}) {
            if (s.state != SideState.ALLOCATED) {
                throw invalidState("side " + engine.label(s) + " is " + s.state + "; both sides must be ALLOCATED to swap");
            }
            if (engine.holders.containsKey(s.id) || engine.busyMedia.contains(s.medium)) {
                throw error(RsmError.INVALID_MEDIA, "side " + engine.label(s) + " is in use; dismount it before swapping");
            }
        }
        Change change = new Change(state());
        // delete and re-insert, so that no moment has two logical media on one side (a unique key in the store)
        change.delete(la);
        change.delete(lb);
        Logical na = change.create((Logical) la.duplicate());
        Logical nb = change.create((Logical) lb.duplicate());
        na.side = sb.id;
        nb.side = sa.id;
        change.edit(sa).logicalMedia = lb.id;
        change.edit(sb).logicalMedia = la.id;
        engine.commits.commit(change, "swap " + engine.label(sa) + " and " + engine.label(sb));
    }

    /** {@code UpdateNtmsOmidInfo}: the label the application wrote on an allocated side. */
    void updateOmidInfo(EngineSession session, LogicalMediaId id, OmidLabelType type, byte[] label)
            throws RsmException {
        Logical l = logical(id);
        if (type == null) {
            throw invalidParameter("no label type given (RAW_LABEL or FILESYSTEM_INFO)");
        }
        if (label == null || label.length == 0 || label.length > MediaSession.MAX_OMID_LABEL) {
            throw invalidParameter("the label for logical medium " + id + " has " + (label == null ? "no" : label.length)
                    + " bytes; give 1.." + MediaSession.MAX_OMID_LABEL);
        }
        Side side = state().get(l.side, Side.class);
        Medium m = engine.medium(side);
        engine.security.require(session, m.library, AccessRight.CONTROL, "updating the on-media identifier");
        if (side.state != SideState.ALLOCATED) {
            throw invalidState("side " + engine.label(side) + " is " + side.state + "; a label is recorded only for an "
                    + "ALLOCATED side");
        }
        Change change = new Change(state());
        Side s = change.edit(side);
        s.omidType = type;
        s.omidLabel = label.clone();
        engine.commits.commit(change, "record the label of " + engine.label(side));
    }

    Logical logical(LogicalMediaId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("a logical medium id is null");
        }
        Logical l = state().get(id, Logical.class);
        if (l == null) {
            throw error(RsmError.INVALID_MEDIA, "logical medium " + id + " is not known (never allocated, or deallocated)");
        }
        return l;
    }

    /** {@code DeallocateNtmsMedia}. */
    void deallocate(EngineSession session, LogicalMediaId id) throws RsmException {
        engine.commits.commit(planDeallocate(session, id, PlannedChange.NONE_RELEASED));
    }

    /** Checks and plans a deallocation; {@code released}: sides an earlier operation of the transaction dismounts. */
    PlannedChange planDeallocate(EngineSession session, LogicalMediaId id, Set<SideId> released) throws RsmException {
        Logical l = logical(id);
        engine.transactions.checkUnclaimed(session, l.id);
        engine.security.require(session, l.pool, AccessRight.CONTROL, "deallocate");
        Side side = state().get(l.side, Side.class);
        if (engine.dismounts.isHeld(side.id, released)) {
            throw invalidState("side " + engine.label(side) + " is mounted; dismount it before deallocating");
        }
        Pool pool = state().get(l.pool, Pool.class);
        Change change = new Change(state());
        Side s = change.edit(side);
        s.logicalMedia = null;
        s.staleData = true;
        int max = pool.policy.maxAllocations();
        s.state = max > 0 && s.allocateCount >= max ? SideState.DECOMMISSIONED : SideState.AVAILABLE;
        change.delete(l);
        Medium m = engine.medium(side);
        boolean siblingInUse = false;
        for (SideId sid : m.sides) {
            Side sibling = state().get(sid, Side.class);
            siblingInUse |= !sid.equals(side.id) && (sibling.state == SideState.ALLOCATED || sibling.state == SideState.COMPLETE);
        }
        if (siblingInUse && s.state == SideState.AVAILABLE) {
            // the application still has the cartridge: the side stays reserved for it
            s.state = SideState.RESERVED;
        } else if (!siblingInUse) {
            for (SideId sid : m.sides) {
                Side sibling = state().get(sid, Side.class);
                if (sibling.state == SideState.RESERVED) {
                    change.edit(sibling).state = SideState.AVAILABLE;
                }
            }
        }
        if (pool.policy.deallocateToFree() && s.state == SideState.AVAILABLE && noOtherSideInUse(m, side)) {
            change.edit(m).pool = engine.setup.systemPool(PoolType.SCRATCH, m.mediaType).id;
        }
        return new PlannedChange(change, "deallocate " + engine.label(side));
    }

    private boolean noOtherSideInUse(Medium m, Side except) {
        for (SideId sid : m.sides) {
            Side s = state().get(sid, Side.class);
            if (!s.id.equals(except.id) && s.state != SideState.AVAILABLE) {
                return false;
            }
        }
        return true;
    }

    /** {@code SetNtmsMediaComplete}: ALLOCATED → COMPLETE, not while mounted. */
    void setComplete(EngineSession session, LogicalMediaId id) throws RsmException {
        engine.commits.commit(planComplete(session, id, PlannedChange.NONE_RELEASED));
    }

    /** Checks and plans {@code SetNtmsMediaComplete}; {@code released} as for {@link #planDeallocate}. */
    PlannedChange planComplete(EngineSession session, LogicalMediaId id, Set<SideId> released) throws RsmException {
        Logical l = logical(id);
        engine.transactions.checkUnclaimed(session, l.id);
        engine.security.require(session, l.pool, AccessRight.CONTROL, "set complete");
        Side side = state().get(l.side, Side.class);
        if (side.state != SideState.ALLOCATED) {
            throw invalidState("side " + engine.label(side) + " is " + side.state + ", not ALLOCATED");
        }
        if (engine.dismounts.isHeld(side.id, released)) {
            throw invalidState("side " + engine.label(side) + " is mounted; dismount it before setting it complete");
        }
        Change change = new Change(state());
        change.edit(side).state = SideState.COMPLETE;
        return new PlannedChange(change, "set " + engine.label(side) + " complete");
    }

    /** {@code DecommissionNtmsMedia}: AVAILABLE → DECOMMISSIONED. */
    void decommission(EngineSession session, SideId id) throws RsmException {
        Side side = engine.resolve(id);
        engine.transactions.checkUnclaimed(session, side.id);
        engine.security.require(session, engine.medium(side).pool, AccessRight.CONTROL, "decommission");
        if (side.state != SideState.AVAILABLE) {
            throw invalidState("side " + engine.label(side) + " is " + side.state + "; only AVAILABLE sides can be decommissioned");
        }
        Change change = new Change(state());
        change.edit(side).state = SideState.DECOMMISSIONED;
        engine.commits.commit(change, "decommission " + engine.label(side));
    }

    /**
     * {@code AllocateNtmsMedia} for a session: with no side to give and no ERROR_IF_UNAVAILABLE, a NEWMEDIA operator
     * request is raised and the call waits (on the engine's clock) until a side can be allocated, the operator
     * refuses (CANCELLED) or the timeout passes (TIMEOUT; the request is withdrawn). A zero timeout does not wait.
     */
    LogicalMediaId allocate(EngineSession session, MediaPoolId pool, AllocateOptions options) throws RsmException {
        Duration timeout = options.timeout().orElse(null);
        long deadline = timeout == null ? Long.MAX_VALUE : engine.clock.nanoTime() + timeout.toNanos();
        OperatorRequest asked = null;
        engine.lock.lock();
        try {
            while (true) {
                session.check();
                LogicalMediaId id = tryAllocate(session, pool, options);
                if (id != null && session.branch != null) {
                    Model.Logical l = engine.state.get(id, Model.Logical.class);
                    engine.transactions.allocated(session.branch, id, engine.label(engine.state.get(l.side, Side.class)));
                }
                if (id != null) {
                    engine.requests.fulfilled(asked);
                    engine.requests.fulfilledAll(OperatorRequestType.NEWMEDIA, pool);
                    return id;
                }
                String why = nothingAvailable(pool);
                if (options.errorIfUnavailable() || timeout != null && timeout.isZero()) {
                    // the caller does not wait, but the operator must see that the pool ran dry: one request per pool
                    // (logged once), fulfilled by the next allocation that finds media there
                    Pool p = engine.pools.pool(pool);
                    engine.requests.raise(OperatorRequestType.NEWMEDIA, "media pool " + p.path + " has no "
                            + engine.pools.typeName(p.mediaType) + " media left to allocate: add media to it"
                            + (p.policy.allocateFromFree() ? " or to its Free pool" : ""), pool, Level.WARNING);
                    throw error(RsmError.MEDIA_UNAVAILABLE, why);
                }
                if (asked != null && asked.state == OperatorRequestState.REFUSED) {
                    throw error(RsmError.CANCELLED, "the operator refused request " + asked.id + " for new media: " + why);
                }
                if (asked == null || !asked.open()) {
                    asked = engine.requests.submit(OperatorRequestType.NEWMEDIA,
                            "add " + engine.pools.typeName(engine.pools.pool(pool).mediaType) + " media to " + engine.pools.pool(pool).path
                                    + " for " + session.application(), pool, null, session);
                }
                long left = deadline - engine.clock.nanoTime();
                if (left <= 0) {
                    engine.requests.withdraw(asked);
                    throw error(RsmError.TIMEOUT, why + "; nobody added media within " + timeout
                            + ", so operator request " + asked.id + " is withdrawn");
                }
                try {
                    engine.lock.awaitChange(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    engine.requests.withdraw(asked);
                    throw error(RsmError.CANCELLED, "the allocation from " + engine.pools.pool(pool).path + " was interrupted");
                }
            }
        } finally {
            engine.lock.unlock();
        }
    }
}
