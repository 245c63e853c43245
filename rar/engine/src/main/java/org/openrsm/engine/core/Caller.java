package org.openrsm.engine.core;

import java.util.Set;

/**
 * Who calls: what rights checks, requests and logs need to know of a session, without the session. An RSM
 * session is one; OpenRSM's own work (start-up, recovery) has none (null), with every right.
 */
public interface Caller {
    /** The application that opened the session, e.g. {@code Backup}. */
    String application();

    /** The user, or null for a session without one (it has every right, as RSM's local system callers). */
    String user();

    /** The user's groups. */
    Set<String> groups();

    /** Whether the caller has every right (the server's administrator principal, or no user). */
    boolean administrator();
}
