package org.openrsm.engine;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;

import java.util.ArrayDeque;
import java.util.Deque;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.LibraryType;
import org.openrsm.api.MediaSession;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PoolType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.engine.catalog.Change;
import org.openrsm.engine.catalog.Entity;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Logical;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;

/**
 * What {@code SetNtmsObjectInformation} writes besides state, and {@code Get/SetNtmsObjectAttribute}: names,
 * descriptions and named attributes of catalog objects (RSM.md §3.7). Descriptions and attributes live only in
 * the store; they are read from it on demand and deleted with their object.
 */
final class ObjectAttributes {
    private final Engine engine;

    ObjectAttributes(Engine engine) {
        this.engine = engine;
    }

    /** The catalog object, OBJECT_NOT_FOUND if there is none with this id. */
    private Entity object(RsmId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("no object id given");
        }
        Entity e = engine.state.get(id);
        if (e == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, id.type().displayName() + " " + id + " is not known");
        }
        return e;
    }

    /** The library or pool whose rights guard the object (RSM.md §4); null for media types. */
    private RsmId guard(RsmId id) {
        return engine.information.container(id);
    }

    private void require(EngineSession session, RsmId id, AccessRight right, String operation) throws RsmException {
        RsmId guard = guard(id);
        if (guard != null) {
            engine.security.require(session, guard, right, operation);
        } else if (right != AccessRight.USE) {
            engine.security.requireAdministrator(session, operation);
        }
    }

    byte[] attribute(EngineSession session, RsmId id, String name) throws RsmException {
        object(id);
        checkAttributeName(name);
        require(session, id, AccessRight.USE, "reading attribute " + name);
        byte[] data = engine.catalog.attribute(id, name);
        if (data == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, id.type().displayName() + " " + id + " has no attribute '" + name + "'");
        }
        return data;
    }

    void setAttribute(EngineSession session, RsmId id, String name, byte[] data) throws RsmException {
        object(id);
        checkAttributeName(name);
        if (data != null && data.length >= MediaSession.MAX_ATTRIBUTE_SIZE) {
            throw invalidParameter("attribute '" + name + "' has " + data.length + " bytes; it must be smaller than "
                    + MediaSession.MAX_ATTRIBUTE_SIZE);
        }
        require(session, id, AccessRight.MODIFY, "setting attribute " + name);
        engine.catalog.setAttribute(id, name, data == null ? null : data.clone());
    }

    private static void checkAttributeName(String name) throws RsmException {
        if (name == null || name.isBlank()) {
            throw error(RsmError.INVALID_NAME, "no attribute name given");
        }
        if (name.length() > MediaSession.MAX_ATTRIBUTE_NAME) {
            throw error(RsmError.INVALID_NAME, "attribute name '" + name + "' has " + name.length()
                    + " characters; at most " + MediaSession.MAX_ATTRIBUTE_NAME + " are allowed");
        }
    }

    String description(EngineSession session, RsmId id) throws RsmException {
        object(id);
        require(session, id, AccessRight.USE, "reading the description");
        String d = engine.catalog.description(id);
        return d == null ? "" : d;
    }

    void setDescription(EngineSession session, RsmId id, String description) throws RsmException {
        object(id);
        if (description == null) {
            throw invalidParameter("no description given (an empty one removes it)");
        }
        if (description.length() > MediaSession.MAX_DESCRIPTION) {
            throw error(RsmError.INVALID_NAME, "the description of " + id.type().displayName() + " " + id + " has "
                    + description.length() + " characters; at most " + MediaSession.MAX_DESCRIPTION + " are allowed");
        }
        require(session, id, id.type() == ObjectType.LIBRARY ? AccessRight.CONTROL : AccessRight.MODIFY,
                "setting the description");
        engine.catalog.setDescription(id, description);
        engine.notifier.publish(NotificationOperation.UPDATE, id);
    }

    /** Renames a drive, cartridge, logical medium or application pool. */
    void setName(EngineSession session, RsmId id, String name) throws RsmException {
        Entity e = object(id);
        if (name == null || name.isBlank()) {
            throw error(RsmError.INVALID_NAME, "no name given for " + id.type().displayName() + " " + id);
        }
        if (name.length() > MediaSession.MAX_NAME || name.contains("\\")) {
            throw error(RsmError.INVALID_NAME, "name '" + name + "' for " + id.type().displayName() + " " + id
                    + (name.contains("\\") ? " contains '\\'" : " has " + name.length() + " characters; at most "
                    + MediaSession.MAX_NAME + " are allowed"));
        }
        Change change = new Change(engine.state);
        if (e instanceof Library l) {
            throw invalidParameter("library " + l.name + (l.type == LibraryType.OFFLINE ? " is the offline library"
                    : " is named by the resource adapter's libraryName property; rename it there")
                    + "; its name cannot be set");
        } else if (e instanceof Drive d) {
            require(session, id, AccessRight.MODIFY, "renaming a drive");
            for (Drive other : engine.state.drives(d.library)) {
                if (!other.id.equals(d.id) && other.name.equals(name)) {
                    throw error(RsmError.ALREADY_EXISTS, "library " + engine.libraryName(d.library) + " already has a drive named "
                            + name);
                }
            }
            change.edit(d).name = name;
        } else if (e instanceof Medium m) {
            require(session, id, AccessRight.MODIFY, "renaming a cartridge");
            change.edit(m).name = name;
        } else if (e instanceof Logical l) {
            require(session, id, AccessRight.MODIFY, "renaming a logical medium");
            change.edit(l).name = name;
        } else if (e instanceof Pool p) {
            renamePool(session, change, p, name);
        } else {
            throw invalidParameter("the name of a " + id.type().displayName() + " cannot be set (RSM.md §3.7)");
        }
        engine.commits.commit(change, "rename " + id.type().displayName() + " " + id + " to " + name);
    }

    private void renamePool(EngineSession session, Change change, Pool p, String name) throws RsmException {
        if (p.type != PoolType.APPLICATION) {
            throw invalidParameter("media pool " + p.path + " is a system pool; its name cannot be set");
        }
        engine.security.require(session, p.id, AccessRight.CONTROL, "renaming a media pool");
        String parentPath = p.path.substring(0, p.path.lastIndexOf('\\'));
        String path = Pools.normalise(parentPath + "\\" + name);
        if (engine.state.pool(path) != null) {
            throw error(RsmError.ALREADY_EXISTS, "media pool " + path + " already exists");
        }
        Pool renamed = change.edit(p);
        renamed.name = name;
        renamed.path = path;
        Deque<Pool> todo = new ArrayDeque<>(engine.state.childPools(p.id));
        while (!todo.isEmpty()) {
            Pool child = todo.pop();
            Pool parent = change.get(child.parent, Pool.class);
            String childPath = Pools.normalise(parent.path + "\\" + child.name);
            change.edit(child).path = childPath;
            todo.addAll(engine.state.childPools(child.id));
        }
    }

    /** {@code SetNtmsObjectSecurity} for a library or media pool (engine lock). */
    void setSecurity(EngineSession session, RsmId object, Acl acl) throws RsmException {
        engine.commits.commit(planSecurity(session, object, acl));
    }

    /** Checks and plans {@code SetNtmsObjectSecurity}. */
    PlannedChange planSecurity(EngineSession session, RsmId object, Acl acl) throws RsmException {
        engine.security.acl(object);
        engine.transactions.checkUnclaimed(session, object);
        engine.security.require(session, object, AccessRight.CONTROL, "changing the ACL");
        Change change = new Change(engine.state);
        Entity e = engine.state.get(object);
        if (e instanceof Library l) {
            change.edit(l).acl = acl;
        } else {
            change.edit((Pool) e).acl = acl;
        }
        return new PlannedChange(change, "set the ACL of " + engine.security.name(object));
    }
}
