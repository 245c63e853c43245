package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.util.ArrayList;
import java.util.List;
import org.openrsm.api.AccessEntry;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OmidLabelType;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PoolType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.engine.catalog.Acls;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Logical;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Side;

/** Media pools and the media life cycle (RSM.md §1.6, §2.4, §3.3, §3.4). Every method runs under the engine lock. */
final class Pools {
    static final int NAME_LENGTH = 64;
    static final int PATH_LENGTH = 512;

    private final Engine engine;

    Pools(Engine engine) {
        this.engine = engine;
    }

    private MemoryCatalog state() {
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
            t = engine.setup.mediaType(change, name);
            engine.commits.commit(change, "add media type " + name);
        }
        return t.id;
    }

    /** {@code CreateNtmsMediaPool} for a full path such as {@code \Archive\LTO}. */
    MediaPoolId create(EngineSession session, String path, MediaTypeId type, CreateDisposition disposition)
            throws RsmException {
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
        if (parent != null) {
            engine.security.require(session, parent.id, AccessRight.CONTROL, "creating a pool in " + parent.path);
        }
        Change change = new Change(state());
        Pool p = change.create(new Pool());
        p.id = MediaPoolId.random();
        // RSM: the parent's entries (not the root's) plus full access for the creator
        List<AccessEntry> acl = new ArrayList<>(parent == null ? Acls.EVERYONE_USE.entries()
                : parent.acl.entries());
        if (session != null && session.user() != null) {
            acl.add(AccessEntry.of(session.user(), AccessRight.USE, AccessRight.MODIFY, AccessRight.CONTROL));
        }
        p.acl = new Acl(acl);
        p.name = normal.substring(cut + 1);
        p.path = normal;
        p.type = PoolType.APPLICATION;
        p.mediaType = type;
        p.parent = parent == null ? null : parent.id;
        engine.commits.commit(change, "create media pool " + normal);
        return p.id;
    }

    private static boolean isSystemName(String name) {
        for (PoolType kind : List.of(PoolType.SCRATCH, PoolType.IMPORT, PoolType.FOREIGN)) {
            if (LibrarySetup.systemPoolName(kind).equalsIgnoreCase(name)) {
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

    void delete(EngineSession session, MediaPoolId id) throws RsmException {
        Pool p = pool(id);
        engine.security.require(session, p.id, AccessRight.MODIFY, "deleting a pool");
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
        engine.commits.commit(change, "delete media pool " + p.path);
    }

    void setPolicy(EngineSession session, MediaPoolId id, MediaPoolPolicy policy) throws RsmException {
        if (policy == null) {
            throw invalidParameter("no media pool policy given");
        }
        Pool p = pool(id);
        engine.security.require(session, p.id, AccessRight.MODIFY, "setting the pool policy");
        if (p.type != PoolType.APPLICATION) {
            throw error(RsmError.INVALID_MEDIA_POOL, p.path + " is a system pool; its policy is fixed");
        }
        Change change = new Change(state());
        change.edit(p).policy = policy;
        engine.commits.commit(change, "set the policy of media pool " + p.path);
    }

    /** An application pool with a media type, the only kind media are allocated from. */
    private Pool allocationPool(MediaPoolId poolId) throws RsmException {
        Pool pool = pool(poolId);
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
                throw error(RsmError.MEDIA_INCOMPATIBLE, m.label() + " holds " + typeName(m.mediaType) + " media; "
                        + pool.path + " holds " + typeName(pool.mediaType));
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
        Pool pool = pool(poolId);
        return "media pool " + pool.path + " has no available " + typeName(pool.mediaType) + " side"
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
            if (engine.dismounts.isHeld(s.id) || engine.busyMedia.contains(s.medium)) {
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

    /** {@code MoveToNtmsMediaPool} with RSM's rules (RSM.md §2.4, §3.4, rights §4). */
    void move(EngineSession session, PhysicalMediaId mediumId, MediaPoolId poolId) throws RsmException {
        move(session, mediumId, poolId, false);
    }

    /** {@code ChangeNtmsMediaType}: the move rules of {@link #move}, and the cartridge takes the pool's media type. */
    void changeMediaType(EngineSession session, PhysicalMediaId mediumId, MediaPoolId poolId) throws RsmException {
        move(session, mediumId, poolId, true);
    }

    private void move(EngineSession session, PhysicalMediaId mediumId, MediaPoolId poolId, boolean retype) throws RsmException {
        Medium m = engine.physicalMedium(mediumId);
        engine.transactions.checkUnclaimed(session, m.id);
        Pool to = pool(poolId);
        Pool from = state().get(m.pool, Pool.class);
        if (to.mediaType == null) {
            throw error(RsmError.INVALID_MEDIA_POOL, "media pool " + to.path + " only holds pools");
        }
        if (retype) {
            Library l = state().get(m.library, Library.class);
            if (l.type == LibraryType.OFFLINE || !engine.libraries.containsKey(l.id)) {
                throw error(RsmError.LIBRARY_OFFLINE, m.label() + " is in " + l.name + "; its media type can only be "
                        + "changed in an online library");
            }
            MediaType target = state().get(to.mediaType, MediaType.class);
            if (target.sides != m.sides.size()) {
                throw error(RsmError.MEDIA_INCOMPATIBLE, m.label() + " has " + m.sides.size() + " side(s); " + target.name
                        + " media have " + target.sides);
            }
            if (!l.mediaTypes.contains(target.id)) {
                throw error(RsmError.MEDIA_INCOMPATIBLE, "library " + l.name + " does not take " + target.name
                        + " media; add the media type to it first");
            }
        } else if (!to.mediaType.equals(m.mediaType)) {
            throw error(RsmError.MEDIA_INCOMPATIBLE, m.label() + " holds " + typeName(m.mediaType) + " media; " + to.path
                    + " holds " + typeName(to.mediaType));
        }
        if (from.id.equals(to.id) && (!retype || to.mediaType.equals(m.mediaType))) {
            return;
        }
        // rights for pool-to-pool moves (RSM.md §4): USE on Free when it is one end, CONTROL on the other pools
        engine.security.require(session, from.id, from.type == PoolType.SCRATCH ? AccessRight.USE : AccessRight.CONTROL,
                "moving media out of " + from.path);
        engine.security.require(session, to.id, to.type == PoolType.SCRATCH ? AccessRight.USE : AccessRight.CONTROL,
                "moving media into " + to.path);
        List<Side> sides = new ArrayList<>();
        for (SideId id : m.sides) {
            Side s = state().get(id, Side.class);
            if (engine.dismounts.isHeld(s.id) || engine.busyMedia.contains(m.id)) {
                throw error(RsmError.BUSY, m.label() + " is in use; dismount it before moving it to " + to.path);
            }
            sides.add(s);
        }
        boolean allocated = sides.stream().anyMatch(s -> s.state == SideState.ALLOCATED || s.state == SideState.COMPLETE
                || s.state == SideState.RESERVED);
        boolean allImport = sides.stream().allMatch(s -> s.state == SideState.IMPORT);
        boolean foreignOrImport = sides.stream().anyMatch(s -> s.state == SideState.FOREIGN || s.state == SideState.IMPORT);
        switch (to.type) {
            case SCRATCH -> {
                if (allocated) {
                    throw error(RsmError.INVALID_MEDIA_POOL, m.label() + " has allocated, complete or reserved sides; "
                            + "deallocate them before moving it to " + to.path);
                }
            }
            case IMPORT -> {
                if (!allImport) {
                    throw error(RsmError.INVALID_MEDIA_POOL, "only media whose sides are all IMPORT may go to " + to.path);
                }
            }
            case FOREIGN -> throw error(RsmError.INVALID_MEDIA_POOL, to.path + " is filled by inventory only");
            default -> {
                if (foreignOrImport) {
                    throw error(RsmError.INVALID_MEDIA_POOL, m.label() + " is " + (allImport ? "imported" : "unrecognized")
                            + "; move it to a Free pool first (or allocate an IMPORT side by its id)");
                }
            }
        }
        Change change = new Change(state());
        change.edit(m).pool = to.id;
        if (retype) {
            change.edit(m).mediaType = to.mediaType;
        }
        for (Side s : sides) {
            if (to.type == PoolType.SCRATCH && s.state != SideState.DECOMMISSIONED) {
                // a free-media label is written (UNPREPARED) and the side is AVAILABLE
                change.edit(s).state = SideState.AVAILABLE;
            }
            if (s.logicalMedia != null) {
                change.edit(state().get(s.logicalMedia, Logical.class)).pool = to.id;
            }
        }
        engine.commits.commit(change, (retype ? "change the media type of " : "move ") + m.label() + " from " + from.path
                + " to " + to.path);
    }

    /** {@code CreateNtmsMedia}: a cartridge on the shelf, registered in an Import or application pool. */
    PhysicalMediaId createMedia(EngineSession session, String barCode, MediaPoolId poolId, boolean errorOnDuplicate)
            throws RsmException {
        if (barCode == null || barCode.isBlank()) {
            throw invalidParameter("no bar code given for the new cartridge");
        }
        if (barCode.length() > BAR_CODE_LENGTH || !barCode.equals(barCode.strip())) {
            throw invalidParameter("bar code '" + barCode + "' must have 1.." + BAR_CODE_LENGTH
                    + " characters and no leading or trailing blanks");
        }
        if (barCode.startsWith(LibraryInventory.CLEANER_PREFIX)) {
            throw error(RsmError.INVALID_MEDIA, "bar code " + barCode + " names a cleaner cartridge (" + LibraryInventory.CLEANER_PREFIX
                    + "…); inject cleaners with InjectNtmsCleaner");
        }
        Pool pool = pool(poolId);
        if (pool.type != PoolType.IMPORT && pool.type != PoolType.APPLICATION || pool.mediaType == null) {
            throw error(RsmError.INVALID_MEDIA_POOL, "media pool " + pool.path + " cannot receive new media; "
                    + "give an Import pool or an application pool with a media type");
        }
        engine.security.require(session, pool.id, AccessRight.MODIFY, "creating a medium");
        Medium existing = state().mediumByBarCode(barCode);
        if (existing != null) {
            if (errorOnDuplicate || !existing.pool.equals(pool.id) || !existing.mediaType.equals(pool.mediaType)) {
                throw error(RsmError.INVALID_MEDIA, "bar code " + barCode + " is already " + existing.label() + " (" + existing.id
                        + ") in media pool " + state().get(existing.pool, Pool.class).path);
            }
            return existing.id;
        }
        Change change = new Change(state());
        Library offline = state().library(Engine.OFFLINE_LIBRARY);
        Medium m = engine.inventory.newCartridge(change, offline, barCode, pool.mediaType,
                pool.type == PoolType.IMPORT ? PoolType.IMPORT : PoolType.SCRATCH);
        m.pool = pool.id;
        m.location = offline.id;
        m.locationType = ObjectType.LIBRARY;
        engine.commits.commit(change, "create " + m.label() + " in " + pool.path);
        return m.id;
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
        Logical l = logical(id);
        engine.transactions.checkUnclaimed(session, l.id);
        engine.security.require(session, l.pool, AccessRight.CONTROL, "deallocate");
        Side side = state().get(l.side, Side.class);
        if (engine.dismounts.isHeld(side.id)) {
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
        engine.commits.commit(change, "deallocate " + engine.label(side));
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

    /** {@code DeleteNtmsMedia}: only shelf media without allocated, complete or reserved sides. */
    void deleteMedia(EngineSession session, PhysicalMediaId id) throws RsmException {
        Medium m = engine.physicalMedium(id);
        engine.security.require(session, m.pool, AccessRight.MODIFY, "deleting a medium");
        if (m.locationType != ObjectType.LIBRARY) {
            throw invalidState(m.label() + " is in " + engine.describe(m.location) + "; only media on the shelf can be deleted");
        }
        Change change = new Change(state());
        for (SideId sid : m.sides) {
            Side s = state().get(sid, Side.class);
            if (s.state == SideState.ALLOCATED || s.state == SideState.COMPLETE || s.state == SideState.RESERVED) {
                throw invalidState("side " + engine.label(s) + " is " + s.state + "; deallocate it before deleting " + m.label());
            }
            change.delete(s);
        }
        change.delete(m);
        engine.commits.commit(change, "delete " + m.label());
    }

    /** {@code SetNtmsMediaComplete}: ALLOCATED → COMPLETE, not while mounted. */
    void setComplete(EngineSession session, LogicalMediaId id) throws RsmException {
        Logical l = logical(id);
        engine.transactions.checkUnclaimed(session, l.id);
        engine.security.require(session, l.pool, AccessRight.CONTROL, "set complete");
        Side side = state().get(l.side, Side.class);
        if (side.state != SideState.ALLOCATED) {
            throw invalidState("side " + engine.label(side) + " is " + side.state + ", not ALLOCATED");
        }
        if (engine.dismounts.isHeld(side.id)) {
            throw invalidState("side " + engine.label(side) + " is mounted; dismount it before setting it complete");
        }
        Change change = new Change(state());
        change.edit(side).state = SideState.COMPLETE;
        engine.commits.commit(change, "set " + engine.label(side) + " complete");
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

    /** RSM's bar code length ({@code NTMS_BARCODE_LENGTH}). */
    static final int BAR_CODE_LENGTH = 64;

    String typeName(MediaTypeId id) {
        MediaType t = state().get(id, MediaType.class);
        return t == null ? String.valueOf(id) : t.name;
    }
}
