package org.openrsm.engine;

import java.util.Set;
import org.openrsm.api.SideId;
import org.openrsm.engine.catalog.Change;

/**
 * A catalog change an operation has checked and planned but not committed: checking a transaction's deferred
 * operation plans it and discards the plan, carrying it out plans it and commits the plan.
 *
 * @param change what the operation changes (may be empty: nothing to do)
 * @param what   the operation in words, for the store's log and errors
 */
record PlannedChange(Change change, String what) {
    /** Sides nobody releases before the operation: what an operation outside a transaction plans with. */
    static final Set<SideId> NONE_RELEASED = Set.of();
}
