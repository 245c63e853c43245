package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openrsm.api.AccessEntry;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.LibraryType;
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

    /** {@code MoveToNtmsMediaPool} with RSM's rules (RSM.md §2.4, §3.4, rights §4). */
    void move(EngineSession session, PhysicalMediaId mediumId, MediaPoolId poolId) throws RsmException {
        engine.commits.commit(planMove(session, mediumId, poolId, false, PlannedChange.NONE_RELEASED));
    }

    /** Checks and plans a move; {@code released}: sides an earlier operation of the transaction dismounts. */
    PlannedChange planMove(EngineSession session, PhysicalMediaId mediumId, MediaPoolId poolId, Set<SideId> released)
            throws RsmException {
        return planMove(session, mediumId, poolId, false, released);
    }

    /** {@code ChangeNtmsMediaType}: the move rules of {@link #move}, and the cartridge takes the pool's media type. */
    void changeMediaType(EngineSession session, PhysicalMediaId mediumId, MediaPoolId poolId) throws RsmException {
        engine.commits.commit(planMove(session, mediumId, poolId, true, PlannedChange.NONE_RELEASED));
    }

    private PlannedChange planMove(EngineSession session, PhysicalMediaId mediumId, MediaPoolId poolId, boolean retype,
                                   Set<SideId> released) throws RsmException {
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
            return new PlannedChange(new Change(state()), "leave " + m.label() + " in " + to.path);
        }
        // rights for pool-to-pool moves (RSM.md §4): USE on Free when it is one end, CONTROL on the other pools
        engine.security.require(session, from.id, from.type == PoolType.SCRATCH ? AccessRight.USE : AccessRight.CONTROL,
                "moving media out of " + from.path);
        engine.security.require(session, to.id, to.type == PoolType.SCRATCH ? AccessRight.USE : AccessRight.CONTROL,
                "moving media into " + to.path);
        List<Side> sides = new ArrayList<>();
        for (SideId id : m.sides) {
            Side s = state().get(id, Side.class);
            if (engine.dismounts.isHeld(s.id, released) || engine.busyMedia.contains(m.id)) {
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
        return new PlannedChange(change, (retype ? "change the media type of " : "move ") + m.label() + " from "
                + from.path + " to " + to.path);
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

    /** RSM's bar code length ({@code NTMS_BARCODE_LENGTH}). */
    static final int BAR_CODE_LENGTH = 64;

    String typeName(MediaTypeId id) {
        MediaType t = state().get(id, MediaType.class);
        return t == null ? String.valueOf(id) : t.name;
    }
}
