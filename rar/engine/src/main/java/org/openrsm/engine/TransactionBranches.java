package org.openrsm.engine;

import org.openrsm.api.RsmException;

/**
 * Where a connection's transaction branches live: the engine of this server while it drives the catalog
 * ({@link RsmServer}), the server driving it while this one stands by ({@link StandBySessions}).
 */
public interface TransactionBranches {
    /** The active or prepared transaction branch with this id, or a new one (DESIGN.md §6). */
    TransactionBranch branch(String xid) throws RsmException;

    /** The active or prepared branch with this id, or null: commit and rollback must not begin a new one. */
    TransactionBranch existingBranch(String xid);
}
