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
import org.openrsm.engine.remote.RemoteBranch;
import org.openrsm.engine.remote.RemoteSessions;
import org.openrsm.store.Store;

/**
 * Sessions of a server that stands by while another server drives a shared catalog: each call is queued in the catalog
 * and served by the owner on a session of its engine (src/docs/architecture.md, "Several servers, one catalog"). A
 * session lives on the owner that opened it and ends with that server, as any session ends with its server. The drives
 * the owner gives them are opened here, through this server's data path of each library (a SAN, or the simulator's
 * data folder on a shared file system).
 */
public final class StandBySessions implements AutoCloseable, TransactionBranches {
    private final Store store;
    private final RemoteSessions sessions;
    private final DataPaths dataPaths;
    /** the transaction branches of this server's sessions that have not ended */
    private final Map<String, Branch> branches = new ConcurrentHashMap<>();

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

    /**
     * The transaction branch {@code xid} of this server's sessions, or a new one (DESIGN.md §6): it lives on the server
     * driving the catalog, begun there for this server when a session joins it.
     */
    @Override
    public TransactionBranch branch(String xid) {
        return branches.computeIfAbsent(xid, id -> new Branch(sessions.branch(id)));
    }

    /** The branch {@code xid} of this server's sessions, or null: commit and rollback must not begin a new one. */
    @Override
    public TransactionBranch existingBranch(String xid) {
        return branches.get(xid);
    }

    /** A branch of this server's sessions on the owner; it is forgotten here once it ended. */
    private final class Branch implements TransactionBranch {
        private final RemoteBranch remote;

        Branch(RemoteBranch remote) {
            this.remote = remote;
        }

        @Override
        public String xid() {
            return remote.xid();
        }

        @Override
        public void timeout(Duration timeout) {
            remote.timeout(timeout);
        }

        @Override
        public void enlist(MediaSession session) throws RsmException {
            remote.enlist(session);
        }

        @Override
        public void delist(MediaSession session) throws RsmException {
            remote.delist(session);
        }

        @Override
        public boolean prepare() throws RsmException {
            boolean work = outcome(remote::prepare);
            if (!work) {
                ended();
            }
            return work;
        }

        @Override
        public void commit(boolean onePhase) throws RsmException {
            outcome(() -> {
                remote.commit(onePhase);
                return null;
            });
            ended();
        }

        @Override
        public void rollback() throws RsmException {
            outcome(() -> {
                remote.rollback();
                return null;
            });
            ended();
        }

        @Override
        public List<String> log() throws RsmException {
            return remote.log();
        }

        private void ended() {
            branches.remove(remote.xid(), this);
        }

        /**
         * The owner's outcome, as this engine's branch would give it. A branch whose owner stopped is forgotten here: it
         * ended with that owner, or, prepared, it waits in the catalog for this server's transaction manager.
         */
        private <T> T outcome(Work<T> work) throws RsmException {
            try {
                return work.run();
            } catch (RemoteBranch.RolledBack e) {
                ended();
                throw new BranchRolledBackException(e.error(), e.detail());
            } catch (RemoteBranch.PartlyCommitted e) {
                ended();
                throw new BranchPartlyCommittedException(e.detail());
            } catch (RsmException e) {
                if (e.error() == RsmError.NOT_CONNECTED) {
                    ended();
                }
                throw e;
            }
        }

        @Override
        public String toString() {
            return "StandByBranch[" + remote.xid() + "]";
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws RsmException;
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
