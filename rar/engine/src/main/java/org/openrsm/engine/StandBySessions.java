package org.openrsm.engine;

import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;
import org.openrsm.changer.BlankUntilWritten;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.DataPath;
import org.openrsm.engine.remote.MediumGrant;
import org.openrsm.engine.remote.RemoteSessions;
import org.openrsm.store.Store;

/**
 * Sessions of a server that stands by while another server drives a shared catalog: each call is queued in the catalog
 * and served by the owner on a session of its engine (src/docs/architecture.md, "Several servers, one catalog"). A
 * session lives on the owner that opened it and ends with that server, as any session ends with its server. The drives
 * the owner gives them are opened here, through this server's data path of each library (a SAN, or the simulator's
 * data folder on a shared file system).
 */
public final class StandBySessions implements AutoCloseable {
    private final Store store;
    private final RemoteSessions sessions;
    private final DataPaths dataPaths;

    private StandBySessions(Store store, RemoteSessions sessions, DataPaths dataPaths) {
        this.store = store;
        this.sessions = sessions;
        this.dataPaths = dataPaths;
    }

    /**
     * On the catalog in {@code dataSource} (its schema brought up to date first, as a start would), for server
     * {@code server} (null: the name a start without one takes), with the catalog's lease; no drive can be opened here.
     */
    public static StandBySessions on(DataSource dataSource, String server, Duration lease) throws RsmException {
        return on(dataSource, server, lease, List.of());
    }

    /**
     * {@link #on(DataSource, String, Duration)}, where the drives of {@code libraries} (as this server would drive
     * them) can be opened.
     */
    public static StandBySessions on(DataSource dataSource, String server, Duration lease, List<ChangerSpec> libraries)
            throws RsmException {
        Store store = Store.of(dataSource);
        DataPaths dataPaths = new DataPaths(libraries);
        try {
            return new StandBySessions(store, RemoteSessions.start(store,
                    server == null || server.isBlank() ? RsmServer.Builder.defaultServerName() : server, lease,
                    dataPaths::open), dataPaths);
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
        dataPaths.close();
    }

    /** Stops: the owner ends the sessions of this server. */
    @Override
    public void close() {
        sessions.close();
        dataPaths.close();
        store.close();
    }

    /** This server's data paths of the libraries, each opened when first needed. */
    private static final class DataPaths implements AutoCloseable {
        private final Map<String, ChangerSpec> libraries;
        private final Map<String, DataPath> opened = new ConcurrentHashMap<>();

        DataPaths(List<ChangerSpec> libraries) {
            this.libraries = libraries.stream().collect(Collectors.toUnmodifiableMap(ChangerSpec::name, Function.identity()));
        }

        SeekableByteChannel open(MediumGrant grant) throws RsmException {
            String where = "drive " + grant.drive() + " of " + grant.library();
            ChangerSpec spec = libraries.get(grant.library());
            if (spec == null) {
                throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, where + " cannot be opened on this server: it has no "
                        + "library " + grant.library() + " configured (it has " + libraries.keySet() + ")");
            }
            try {
                DataPath path;
                synchronized (opened) {
                    path = opened.get(grant.library());
                    if (path == null) {
                        path = spec.dataPath();
                        opened.put(grant.library(), path);
                    }
                }
                SeekableByteChannel data = path.openMedium(grant.drive(), grant.barCode(), grant.side(), grant.write());
                return grant.blank() ? new BlankUntilWritten(data) : data;
            } catch (ChangerException e) {
                throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, where + " cannot be opened on this server: "
                        + e.getMessage());
            }
        }

        @Override
        public void close() {
            synchronized (opened) {
                opened.values().forEach(DataPath::close);
                opened.clear();
            }
        }
    }
}
