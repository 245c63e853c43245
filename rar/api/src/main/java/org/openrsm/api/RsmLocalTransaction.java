package org.openrsm.api;

/**
 * A transaction on one session, demarcated by the application (the resource manager's local transaction,
 * like {@code jakarta.resource.cci.LocalTransaction}). What the session does between {@link #begin()} and
 * {@link #commit()} takes effect together, as DESIGN.md §6 describes for JTA transactions; {@link #rollback()}
 * leaves no trace of it (mounted media stay in their drives as deferred dismounts). In a Jakarta EE server,
 * prefer container transactions: a session in a JTA transaction refuses {@code begin} with INVALID_STATE.
 */
public interface RsmLocalTransaction {
    void begin() throws RsmException;

    void commit() throws RsmException;

    void rollback() throws RsmException;

    /** True between {@link #begin()} and the commit or rollback. */
    boolean isActive();
}
