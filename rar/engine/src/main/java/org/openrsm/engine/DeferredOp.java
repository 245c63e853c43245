package org.openrsm.engine;

import java.util.List;
import org.openrsm.api.Acl;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;

/**
 * An operation a transaction branch checks at once and carries out at commit (DESIGN.md §6). Its text form, in
 * {@code TX_LOG}, is {@link TransactionCodec}'s business only.
 */
sealed interface DeferredOp {
    /** Whether it changes the catalog (a dismount only changes what a session holds). */
    default boolean changesCatalog() {
        return true;
    }

    /** DismountNtmsMedia of sides the session mounted. */
    record Dismount(List<SideId> sides, boolean deferred) implements DeferredOp {
        public Dismount {
            sides = List.copyOf(sides);
        }

        @Override
        public boolean changesCatalog() {
            return false;
        }
    }

    /** DeallocateNtmsMedia. */
    record Deallocate(LogicalMediaId medium) implements DeferredOp {
    }

    /** SetNtmsMediaComplete. */
    record Complete(LogicalMediaId medium) implements DeferredOp {
    }

    /** MoveToNtmsMediaPool. */
    record MoveToPool(PhysicalMediaId medium, MediaPoolId pool) implements DeferredOp {
    }

    /** SetNtmsObjectSecurity of a library or a media pool. */
    record SetAcl(RsmId object, Acl acl) implements DeferredOp {
    }
}
