package org.openrsm.engine;

import java.util.List;
import javax.sql.DataSource;
import org.openrsm.api.RsmException;
import org.openrsm.store.Store;
import org.openrsm.store.TransactionLog;

/**
 * The transaction branches of a shared catalog, for the transaction manager of a server that stands by while another
 * server drives the catalog. A server that prepared branches and died comes back standing by; its transaction manager
 * recovers them here: it lists the branches in doubt and records its decisions in the catalog, and the server that
 * drives the catalog carries them out within a third of its lease ({@code OwnerLease}), or at its next start.
 */
public final class StandByTransactions {
    private final TransactionLog log;
    private final String server;

    private StandByTransactions(TransactionLog log, String server) {
        this.log = log;
        this.server = server;
    }

    /**
     * On the catalog in {@code dataSource} (its schema brought up to date first, as a start would), for the transaction
     * manager of {@code server} (this server's name among the servers of the catalog; null: the name a start without
     * one takes).
     */
    public static StandByTransactions on(DataSource dataSource, String server) throws RsmException {
        return new StandByTransactions(new TransactionLog(Store.of(dataSource)),
                server == null || server.isBlank() ? RsmServer.Builder.defaultServerName() : server);
    }

    /** Branches this server prepared (when it drove the catalog) and not decided yet. */
    public List<String> inDoubt() throws RsmException {
        return log.inDoubt(server);
    }

    /** What became of a decision: recorded (also when recorded before), no such branch, or decided otherwise. */
    public enum Decision {
        RECORDED, NO_SUCH_BRANCH, DECIDED_OTHERWISE
    }

    /** Records the decision, for the server driving the catalog to carry out. */
    public Decision decide(String xid, boolean commit) throws RsmException {
        int state = log.decide(xid, commit);
        return state == 0 ? Decision.NO_SUCH_BRANCH
                : state == (commit ? TransactionLog.COMMITTING : TransactionLog.ROLLING_BACK) ? Decision.RECORDED
                : Decision.DECIDED_OTHERWISE;
    }
}
