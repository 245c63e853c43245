package org.openrsm.engine;

import java.time.Duration;
import java.util.List;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmException;

/**
 * One transaction branch (DESIGN.md §6), driven by the resource adapter's XAResource or LocalTransaction. Sessions
 * enlisted in it allocate, mount, dismount and change pools and ACLs as part of the transaction: {@link #prepare()}
 * makes the branch durable, {@link #commit(boolean)} makes it everyone's, {@link #rollback()} leaves no trace of it
 * (mounted media stay in their drives as deferred dismounts). The branch lives in the engine of the server driving the
 * catalog: {@link RsmServer#branch} there, {@link StandBySessions#branch} on a server standing by, whose calls the
 * owner serves. Thread-safe.
 */
public interface TransactionBranch {
    /** The branch id: the store keeps it in TX_LOG once prepared. */
    String xid();

    /**
     * The transaction manager's timeout for this branch ({@code XAResource.setTransactionTimeout}), counted from now:
     * a mount in the branch gives up (TIMEOUT, logged) when it runs out instead of outliving the transaction. Set once;
     * a branch that is joined again keeps its first deadline.
     */
    void timeout(Duration timeout) throws RsmException;

    /** What the session does from now on belongs to this branch. */
    void enlist(MediaSession session) throws RsmException;

    /** The session leaves the branch (what it did stays in it). */
    void delist(MediaSession session) throws RsmException;

    /** Phase one; false when the branch did nothing (read-only: it has ended). */
    boolean prepare() throws RsmException;

    /** Phase two, or the one phase of a local or one-phase transaction. */
    void commit(boolean onePhase) throws RsmException;

    void rollback() throws RsmException;

    /** What the branch did so far, e.g. {@code [allocate A00001L8, mount A00001L8, prepare]}. */
    List<String> log() throws RsmException;
}
