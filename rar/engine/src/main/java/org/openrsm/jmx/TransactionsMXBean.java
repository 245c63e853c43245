package org.openrsm.jmx;

import java.util.List;

/** Transaction branches of the engine ({@code org.openrsm:type=Transactions}, DESIGN.md §6). */
public interface TransactionsMXBean {
    /** Branches under way (not prepared yet). */
    List<String> getActive();

    /** Branches prepared and waiting for the transaction manager's decision (e.g. after a crash). */
    List<String> getInDoubt();

    /** Branches committed since the engine started (read-only ones included). */
    long getCommitted();

    /** Branches rolled back since the engine started. */
    long getRolledBack();

    /** Store transactions committed since the engine started (each a Derby commit; reads included). */
    long getStoreCommits();

    /** The last branches that ended, oldest first: {@code xid: allocate A00001L8, mount A00001L8, prepare, commit}. */
    List<String> getRecent();
}
