package org.openrsm.engine.security;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;

import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.LibraryId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.core.Caller;

/**
 * RSM's access checks (RSM.md §4): USE, MODIFY and CONTROL on libraries and media pools, from their ACLs,
 * for the session's user and groups. Administrators (and sessions without a user, like RSM's local system
 * callers) have every right. Under the engine lock.
 */
public final class Security {
    private final MemoryCatalog state;

    public Security(MemoryCatalog state) {
        this.state = state;
    }

    /** ACCESS_DENIED unless the session has {@code right} on the library or pool {@code object}. */
    public void require(Caller session, RsmId object, AccessRight right, String operation) throws RsmException {
        if (session == null || session.administrator() || object == null) {
            return;
        }
        Acl acl = acl(object);
        if (!acl.rightsOf(session.user(), session.groups()).contains(right)) {
            throw error(RsmError.ACCESS_DENIED, "user " + session.user() + " has no " + right + " right on " + name(object)
                    + ", which " + operation + " needs");
        }
    }

    /** The computer's CONTROL right (operator requests, library request cancel): administrators only. */
    public void requireAdministrator(Caller session, String operation) throws RsmException {
        if (session != null && !session.administrator()) {
            throw error(RsmError.ACCESS_DENIED, "user " + session.user() + " has no CONTROL right on the computer, which "
                    + operation + " needs; only administrators have it");
        }
    }

    public Acl acl(RsmId object) throws RsmException {
        if (object instanceof LibraryId id) {
            Library l = state.get(id, Library.class);
            if (l == null) {
                throw error(RsmError.INVALID_LIBRARY, "library " + id + " is not known");
            }
            return l.acl;
        }
        if (object instanceof MediaPoolId id) {
            Pool p = state.get(id, Pool.class);
            if (p == null) {
                throw error(RsmError.INVALID_MEDIA_POOL, "media pool " + id + " is not known");
            }
            return p.acl;
        }
        if (object == null) {
            throw invalidParameter("no object given");
        }
        throw error(RsmError.NO_SECURITY_ON_OBJECT, "a " + object.type().displayName()
                + " has no ACL of its own; only libraries and media pools have one");
    }

    public String name(RsmId object) {
        if (object instanceof LibraryId id) {
            return "library " + state.libraryName(id);
        }
        if (object instanceof MediaPoolId id) {
            Pool p = state.get(id, Pool.class);
            return "media pool " + (p == null ? id : p.path);
        }
        return object.type().displayName() + " " + object;
    }
}
