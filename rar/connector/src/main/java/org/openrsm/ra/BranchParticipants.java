package org.openrsm.ra;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The managed connections that took part in each transaction branch of one resource adapter (its engine): all of
 * them hear when the branch ends, whichever of them the transaction manager asked to commit or roll back
 * ({@code isSameRM} lets it join them). One per adapter instance, so that two adapters or a redeploy never share it.
 */
final class BranchParticipants {
    private final Map<String, Set<RsmManagedConnection>> participants = new ConcurrentHashMap<>();

    void joined(String branch, RsmManagedConnection connection) {
        participants.computeIfAbsent(branch, k -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void ended(String branch) {
        Set<RsmManagedConnection> connections = participants.remove(branch);
        if (connections != null) {
            connections.forEach(c -> c.transactionEnded(branch));
        }
    }
}
