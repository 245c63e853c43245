package org.openrsm.engine;

import java.time.Duration;
import javax.sql.DataSource;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;
import org.openrsm.engine.remote.RemoteSessions;
import org.openrsm.store.Store;

/**
 * Sessions of a server that stands by while another server drives a shared catalog: each call is queued in the catalog
 * and served by the owner on a session of its engine (src/docs/architecture.md, "Several servers, one catalog"). A
 * session lives on the owner that opened it and ends with that server, as any session ends with its server.
 */
public final class StandBySessions implements AutoCloseable {
    private final Store store;
    private final RemoteSessions sessions;

    private StandBySessions(Store store, RemoteSessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /**
     * On the catalog in {@code dataSource} (its schema brought up to date first, as a start would), for server
     * {@code server} (null: the name a start without one takes), with the catalog's lease.
     */
    public static StandBySessions on(DataSource dataSource, String server, Duration lease) throws RsmException {
        Store store = Store.of(dataSource);
        try {
            return new StandBySessions(store, RemoteSessions.start(store,
                    server == null || server.isBlank() ? RsmServer.Builder.defaultServerName() : server, lease));
        } catch (RsmException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** A session for the application and user of {@code spec}, served by the server driving the catalog. */
    public MediaSession openSession(SessionSpec spec) throws RsmException {
        return sessions.open(spec);
    }

    /** The tests' kill -9 of this server: it stops telling the catalog it is alive, and says nothing more. */
    void crash() {
        sessions.halt();
    }

    /** Stops: the owner ends the sessions of this server. */
    @Override
    public void close() {
        sessions.close();
        store.close();
    }
}
