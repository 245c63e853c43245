package org.openrsm.engine;

import static org.openrsm.engine.Errors.error;
import static org.openrsm.engine.Errors.invalidParameter;
import static org.openrsm.engine.Errors.invalidState;

import java.util.ArrayList;
import java.util.List;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PoolType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.engine.Model.Logical;
import org.openrsm.engine.Model.MediaType;
import org.openrsm.engine.Model.Medium;
import org.openrsm.engine.Model.Pool;
import org.openrsm.engine.Model.Side;

/** Media pools and the media life cycle (RSM.md §1.6, §2.4, §3.3, §3.4). Every method runs under the engine lock. */
final class Pools {
    static final int NAME_LENGTH = 64;
    static final int PATH_LENGTH = 512;

    private final Engine engine;

    Pools(Engine engine) {
        this.engine = engine;
    }

    private State state() {
        return engine.state;
    }

    Pool pool(MediaPoolId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("a media pool id is null");
        }
        Pool p = state().get(id, Pool.class);
        if (p == null) {
            throw error(RsmError.INVALID_MEDIA_POOL, "media pool " + id + " is not known");
        }
        return p;
    }

    MediaTypeId mediaType(String name) throws RsmException {
        if (name == null || name.isBlank()) {
            throw invalidParameter("no media type name given");
        }
        MediaType t = state().mediaType(name);
        if (t == null) {
            Change change = new Change(state());
            t = engine.mediaType(change, name);
            engine.commit(change, "add media type " + name);
        }
        return t.id;
    }

    /** {@code CreateNtmsMediaPool} for a full path such as {@code \Archive\LTO}. */
    MediaPoolId create(String path, MediaTypeId type, CreateDisposition disposition) throws RsmException {
        if (disposition == null) {
            throw invalidParameter("no create disposition given (OPEN_EXISTING, CREATE_NEW or OPEN_ALWAYS)");
        }
        String normal = normalise(path);
        Pool existing = state().pool(normal);
        if (existing != null) {
            if (disposition == CreateDisposition.CREATE_NEW) {
                throw error(RsmError.ALREADY_EXISTS, "media pool " + existing.path + " exists already");
            }
            if (type != null && existing.mediaType != null && !type.equals(existing.mediaType)) {
                throw error(RsmError.MEDIA_INCOMPATIBLE, "media pool " + existing.path + " holds "
                        + typeName(existing.mediaType) + " media, not " + typeName(type));
            }
            return existing.id;
        }
        if (disposition == CreateDisposition.OPEN_EXISTING) {
            throw error(RsmError.OBJECT_NOT_FOUND, "media pool " + normal + " does not exist");
        }
        if (type != null && state().get(type, MediaType.class) == null) {
            throw error(RsmError.INVALID_MEDIA, "media type " + type + " is not known");
        }
        int cut = normal.lastIndexOf('\\');
        String parentPath = normal.substring(0, cut);
        Pool parent = null;
        if (!parentPath.isEmpty()) {
            parent = state().pool(parentPath);
            if (parent == null) {
                throw error(RsmError.OBJECT_NOT_FOUND, "parent pool " + parentPath + " of " + normal
                        + " does not exist; create each level first");
            }
            if (parent.type != PoolType.APPLICATION) {
                throw error(RsmError.INVALID_MEDIA_POOL, "pools cannot be created under the system pool " + parent.path);
            }
            if (!state().mediaInPool(parent.id).isEmpty()) {
                throw error(RsmError.INVALID_MEDIA_POOL, "pool " + parent.path + " holds media, so it cannot hold pools");
            }
        } else if (isSystemName(normal.substring(1))) {
            throw error(RsmError.INVALID_NAME, "\\" + normal.substring(1) + " is a system pool; application pools need another name");
        }
        Change change = new Change(state());
        Pool p = change.create(new Pool());
        p.id = MediaPoolId.random();
        p.name = normal.substring(cut + 1);
        p.path = normal;
        p.type = PoolType.APPLICATION;
        p.mediaType = type;
        p.parent = parent == null ? null : parent.id;
        engine.commit(change, "create media pool " + normal);
        return p.id;
    }

    private static boolean isSystemName(String name) {
        for (PoolType kind : List.of(PoolType.SCRATCH, PoolType.IMPORT, PoolType.FOREIGN)) {
            if (Engine.systemPoolName(kind).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code \a\b} from {@code \a\b} or {@code a\b}; INVALID_NAME for empty levels, over-long names or paths. */
    static String normalise(String path) throws RsmException {
        if (path == null || path.isBlank()) {
            throw error(RsmError.INVALID_NAME, "no media pool path given");
        }
        String p = path.startsWith("\\") ? path : "\\" + path;
        if (p.length() > PATH_LENGTH) {
            throw error(RsmError.INVALID_NAME, "media pool path " + p.substring(0, 40) + "… has " + p.length()
                    + " characters; at most " + PATH_LENGTH + " are allowed");
        }
        for (String level : p.substring(1).split("\\\\", -1)) {
            if (level.isBlank()) {
                throw error(RsmError.INVALID_NAME, "media pool path '" + path + "' has an empty level");
            }
            if (level.length() > NAME_LENGTH) {
                throw error(RsmError.INVALID_NAME, "media pool name '" + level + "' has " + level.length()
                        + " characters; at most " + NAME_LENGTH + " are allowed");
            }
        }
        return p;
    }

    MediaPoolId byPath(String path) throws RsmException {
        String normal = normalise(path);
        Pool p = state().pool(normal);
        if (p == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, "media pool " + normal + " does not exist");
        }
        return p.id;
    }

    void delete(MediaPoolId id) throws RsmException {
        Pool p = pool(id);
        if (p.type != PoolType.APPLICATION) {
            throw error(RsmError.INVALID_MEDIA_POOL, p.path + " is a system pool and cannot be deleted");
        }
        if (!state().mediaInPool(p.id).isEmpty()) {
            throw error(RsmError.NOT_EMPTY, "media pool " + p.path + " holds " + state().mediaInPool(p.id).size() + " media");
        }
        List<Pool> children = state().childPools(p.id);
        if (!children.isEmpty()) {
            throw error(RsmError.NOT_EMPTY, "media pool " + p.path + " holds the pool " + children.get(0).path);
        }
        Change change = new Change(state());
        change.delete(p);
        engine.commit(change, "delete media pool " + p.path);
    }

    void setPolicy(MediaPoolId id, MediaPoolPolicy policy) throws RsmException {
        if (policy == null) {
            throw invalidParameter("no media pool policy given");
        }
        Pool p = pool(id);
        if (p.type != PoolType.APPLICATION) {
            throw error(RsmError.INVALID_MEDIA_POOL, p.path + " is a system pool; its policy is fixed");
        }
        Change change = new Change(state());
        change.edit(p).policy = policy;
        engine.commit(change, "set the policy of media pool " + p.path);
    }

    /**
     * {@code AllocateNtmsMedia}: an AVAILABLE side of the pool, else (with "draw from Free") a cartridge of
     * the Free pool moved into it. The side becomes ALLOCATED behind a new logical medium.
     */
    LogicalMediaId allocate(String application, MediaPoolId poolId, AllocateOptions options) throws RsmException {
        if (options == null) {
            throw invalidParameter("no allocate options given");
        }
        Pool pool = pool(poolId);
        if (pool.type != PoolType.APPLICATION) {
            throw error(RsmError.INVALID_MEDIA_POOL, "media can be allocated from application pools only, not from "
                    + pool.path);
        }
        if (pool.mediaType == null) {
            throw error(RsmError.INVALID_MEDIA_POOL, "media pool " + pool.path + " has no media type: it only holds pools");
        }
        if (options.nextSide().isPresent() || options.newSide() || options.side().isPresent()) {
            throw error(RsmError.NOT_SUPPORTED, "allocate with NEW, NEXT or a given side is not built yet; "
                    + "allocate any available side");
        }
        Change change = new Change(state());
        Side side = availableSide(pool.id);
        if (side == null && pool.policy.allocateFromFree()) {
            Pool free = engine.systemPool(PoolType.SCRATCH, pool.mediaType);
            side = free == null ? null : availableSide(free.id);
            if (side != null) {
                Medium m = change.edit(engine.medium(side));
                m.pool = pool.id;
            }
        }
        if (side == null) {
            throw error(RsmError.MEDIA_UNAVAILABLE, "media pool " + pool.path + " has no available " + typeName(pool.mediaType)
                    + " side" + (pool.policy.allocateFromFree() ? " and the Free pool has none either"
                    : " (its policy does not draw from the Free pool)"));
        }
        Side s = change.edit(side);
        Logical l = change.create(new Logical());
        l.id = LogicalMediaId.random();
        l.side = s.id;
        l.pool = pool.id;
        l.name = engine.label(side);
        s.state = SideState.ALLOCATED;
        s.logicalMedia = l.id;
        s.allocateCount++;
        engine.commit(change, "allocate " + engine.label(side) + " from " + pool.path + " for " + application);
        return l.id;
    }

    /** An AVAILABLE side of an enabled, online cartridge in the pool, preferring cartridges already mounted nowhere. */
    private Side availableSide(MediaPoolId pool) {
        Side best = null;
        for (PhysicalMediaId id : state().mediaInPool(pool)) {
            Medium m = state().get(id, Medium.class);
            if (!m.enabled || m.locationType == ObjectType.LIBRARY || engine.busyMedia.contains(m.id)) {
                continue;
            }
            for (SideId sid : m.sides) {
                Side s = state().get(sid, Side.class);
                if (s.state == SideState.AVAILABLE) {
                    if (best == null || barCode(s).compareTo(barCode(best)) < 0) {
                        best = s;
                    }
                    break;
                }
            }
        }
        return best;
    }

    private String barCode(Side s) {
        String b = engine.medium(s).barCode;
        return b == null ? "" : b;
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
    void deallocate(LogicalMediaId id) throws RsmException {
        Logical l = logical(id);
        Side side = state().get(l.side, Side.class);
        if (engine.holders.containsKey(side.id)) {
            throw invalidState("side " + engine.label(side) + " is mounted; dismount it before deallocating");
        }
        Pool pool = state().get(l.pool, Pool.class);
        Change change = new Change(state());
        Side s = change.edit(side);
        s.logicalMedia = null;
        int max = pool.policy.maxAllocations();
        s.state = max > 0 && s.allocateCount >= max ? SideState.DECOMMISSIONED : SideState.AVAILABLE;
        change.delete(l);
        Medium m = engine.medium(side);
        if (pool.policy.deallocateToFree() && s.state == SideState.AVAILABLE && noOtherSideInUse(m, side)) {
            change.edit(m).pool = engine.systemPool(PoolType.SCRATCH, m.mediaType).id;
        }
        engine.commit(change, "deallocate " + engine.label(side));
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
    void setComplete(LogicalMediaId id) throws RsmException {
        Logical l = logical(id);
        Side side = state().get(l.side, Side.class);
        if (side.state != SideState.ALLOCATED) {
            throw invalidState("side " + engine.label(side) + " is " + side.state + ", not ALLOCATED");
        }
        if (engine.holders.containsKey(side.id)) {
            throw invalidState("side " + engine.label(side) + " is mounted; dismount it before setting it complete");
        }
        Change change = new Change(state());
        change.edit(side).state = SideState.COMPLETE;
        engine.commit(change, "set " + engine.label(side) + " complete");
    }

    /** {@code DecommissionNtmsMedia}: AVAILABLE → DECOMMISSIONED. */
    void decommission(SideId id) throws RsmException {
        Side side = engine.resolve(id);
        if (side.state != SideState.AVAILABLE) {
            throw invalidState("side " + engine.label(side) + " is " + side.state + "; only AVAILABLE sides can be decommissioned");
        }
        Change change = new Change(state());
        change.edit(side).state = SideState.DECOMMISSIONED;
        engine.commit(change, "decommission " + engine.label(side));
    }

    String typeName(MediaTypeId id) {
        MediaType t = state().get(id, MediaType.class);
        return t == null ? String.valueOf(id) : t.name;
    }
}
