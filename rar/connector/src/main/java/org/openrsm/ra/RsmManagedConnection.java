package org.openrsm.ra;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.TransactionSupport;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;
import org.openrsm.engine.RsmServer;
import org.openrsm.engine.StandBySessions;
import org.openrsm.engine.TransactionBranch;
import org.openrsm.engine.TransactionBranches;

/**
 * One pooled connection to the engine for one principal and application. Every handle is an engine session
 * of its own: closing the handle closes the session (what it still holds stays in the drives as deferred
 * dismounts), so a pooled connection never carries one user's mounts to the next. In a transaction the
 * sessions work in one engine branch (DESIGN.md §6), driven by the cached {@link RsmXAResource} or the local
 * transaction; a handle closed inside the transaction keeps its session until the transaction ends.
 */
final class RsmManagedConnection implements ManagedConnection {
    private static final Logger LOG = Logger.getLogger(RsmManagedConnection.class.getName());

    private final RsmManagedConnectionFactory factory;
    /** the engine: null in the transaction manager's recovery connection made while this server stood by; bound on first use */
    private volatile RsmServer server;
    private final String principal;
    private final String application;
    private final Set<RsmSessionHandle> handles = new CopyOnWriteArraySet<>();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private RsmXAResource xaResource;
    private final ContainerLocalTransaction localTransaction = new ContainerLocalTransaction();
    /** the transaction branch the connection's sessions work in, null outside a transaction */
    private TransactionBranch branch;
    /** sessions whose handles were closed inside the transaction: they end when it does */
    private final List<MediaSession> closeAfterTransaction = new ArrayList<>();
    private PrintWriter logWriter;

    RsmManagedConnection(RsmManagedConnectionFactory factory, RsmServer server, String principal, String application) {
        this.factory = factory;
        this.server = server;
        this.principal = principal;
        this.application = application;
    }

    RsmManagedConnectionFactory factory() {
        return factory;
    }

    /** The engine, bound on first use; fails naming the owner while this server stands by on a shared catalog. */
    RsmServer server() throws RsmException {
        RsmServer s = server;
        if (s == null) {
            try {
                s = factory.server();
            } catch (RsmException e) {
                throw e;
            } catch (ResourceException e) {
                throw new RsmException(org.openrsm.api.RsmError.NOT_CONNECTED, e.getMessage(), e);
            }
            server = s;
        }
        return s;
    }

    /** The engine this connection is bound to, else the adapter's running one, else null (standing by). */
    RsmServer serverIfRunning() throws ResourceException {
        RsmServer s = server;
        return s != null ? s : factory.runningServer();
    }

    String principal() {
        return principal;
    }

    String application() {
        return application;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        checkNotDestroyed();
        MediaSession session = openSession(new SessionSpec(application, principal, null));
        RsmSessionHandle handle = new RsmSessionHandle(this, session);
        synchronized (this) {
            try {
                if (branch != null) {
                    branch.enlist(session);
                }
            } catch (RsmException e) {
                closeQuietly(session);
                throw e;
            }
            handles.add(handle);
        }
        return handle;
    }

    /**
     * A session of this server's engine; while this server stands by on a shared catalog, a session served by the
     * server driving the catalog (its transactions too live there).
     */
    private MediaSession openSession(SessionSpec spec) throws ResourceException {
        if (server == null && factory.runningServer() == null) {
            StandBySessions remote = factory.standBySessions();
            if (remote != null) {
                return remote.openSession(spec);
            }
        }
        return server().openSession(spec);
    }

    /**
     * Where this connection's transaction branches live: with its sessions, on the server driving the catalog while
     * this one stands by, else in this server's engine.
     */
    TransactionBranches branches() throws RsmException {
        if (server == null) {
            try {
                StandBySessions remote = factory.runningServer() == null ? factory.standBySessions() : null;
                if (remote != null) {
                    return remote;
                }
            } catch (ResourceException e) {
                throw new RsmException(org.openrsm.api.RsmError.NOT_CONNECTED, e.getMessage(), e);
            }
        }
        return server();
    }

    // ---- transactions

    /** The connection's sessions, open handles and those closed inside the transaction, join the branch. */
    synchronized void beginBranch(TransactionBranch b) throws RsmException {
        if (branch != null && !branch.xid().equals(b.xid())) {
            throw new RsmException(org.openrsm.api.RsmError.INVALID_STATE, "this OpenRSM connection is already in transaction "
                    + branch.xid());
        }
        for (RsmSessionHandle h : handles) {
            if (h.isOpen()) {
                b.enlist(h.engineSession());
            }
        }
        branch = b;
    }

    /** XA end: the sessions leave the branch; what they did stays in it until commit or rollback. */
    synchronized void endBranch(String xid) {
        if (branch == null || !branch.xid().equals(xid)) {
            return;
        }
        for (RsmSessionHandle h : handles) {
            try {
                branch.delist(h.engineSession());
            } catch (RsmException e) {
                LOG.log(Level.FINE, "delisting " + h, e);
            }
        }
        branch = null;
    }

    /** The branch has committed or rolled back: sessions whose handles were closed in it end now. */
    void transactionEnded(String xid) {
        List<MediaSession> ending;
        synchronized (this) {
            if (branch != null && branch.xid().equals(xid)) {
                branch = null;
            }
            ending = new ArrayList<>(closeAfterTransaction);
            closeAfterTransaction.clear();
        }
        for (MediaSession s : ending) {
            closeQuietly(s);
        }
    }

    synchronized boolean inTransaction() {
        return branch != null;
    }

    private static void closeQuietly(MediaSession s) {
        try {
            s.close();
        } catch (RsmException e) {
            LOG.log(Level.WARNING, "closing " + s, e);
        }
    }

    /** The handle was closed by the application: its session ends (after the transaction, if one is active). */
    void closed(RsmSessionHandle handle, MediaSession session) {
        handles.remove(handle);
        boolean later;
        synchronized (this) {
            later = branch != null;
            if (later) {
                closeAfterTransaction.add(session);
            }
        }
        if (!later) {
            closeQuietly(session);
        }
        fire(ConnectionEvent.CONNECTION_CLOSED, handle, null);
    }

    /** The store or the changer failed under a handle: the pool must drop this connection. */
    void connectionError(RsmSessionHandle handle, RsmException e) {
        LOG.log(Level.WARNING, "OpenRSM connection of " + application + " failed: " + e.getMessage());
        fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, handle, e);
    }

    private void fire(int type, RsmSessionHandle handle, Exception e) {
        ConnectionEvent event = e == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, e);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener l : listeners) {
            switch (type) {
                case ConnectionEvent.CONNECTION_CLOSED -> l.connectionClosed(event);
                case ConnectionEvent.CONNECTION_ERROR_OCCURRED -> l.connectionErrorOccurred(event);
                case ConnectionEvent.LOCAL_TRANSACTION_STARTED -> l.localTransactionStarted(event);
                case ConnectionEvent.LOCAL_TRANSACTION_COMMITTED -> l.localTransactionCommitted(event);
                case ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK -> l.localTransactionRolledback(event);
                default -> throw new IllegalArgumentException("connection event " + type);
            }
        }
    }

    /**
     * The application's own local transaction through a handle ({@link MediaSession#localTransaction()}): the
     * same branch as a container local transaction, announced to the pool with the LOCAL_TRANSACTION_* events.
     */
    org.openrsm.api.RsmLocalTransaction applicationLocalTransaction(RsmSessionHandle handle) {
        return new org.openrsm.api.RsmLocalTransaction() {
            @Override
            public void begin() throws RsmException {
                if (inTransaction()) {
                    throw new RsmException(org.openrsm.api.RsmError.INVALID_STATE, "this OpenRSM session is already in a "
                            + "transaction (a JTA one, or a local one not ended)");
                }
                localTransaction.start();
                fire(ConnectionEvent.LOCAL_TRANSACTION_STARTED, handle, null);
            }

            @Override
            public void commit() throws RsmException {
                localTransaction.finish(true);
                fire(ConnectionEvent.LOCAL_TRANSACTION_COMMITTED, handle, null);
            }

            @Override
            public void rollback() throws RsmException {
                localTransaction.finish(false);
                fire(ConnectionEvent.LOCAL_TRANSACTION_ROLLEDBACK, handle, null);
            }

            @Override
            public boolean isActive() {
                return localTransaction.xid != null;
            }
        };
    }

    /** A container-demarcated local transaction: one branch committed in one phase. */
    private final class ContainerLocalTransaction implements LocalTransaction {
        private volatile String xid;

        void start() throws RsmException {
            String id = "local-" + UUID.randomUUID();
            beginBranch(branches().branch(id));
            xid = id;
        }

        void finish(boolean commit) throws RsmException {
            String id = xid;
            if (id == null) {
                throw new RsmException(org.openrsm.api.RsmError.INVALID_STATE, "no local transaction is active on this "
                        + "OpenRSM connection");
            }
            xid = null;
            try {
                TransactionBranch b = branches().existingBranch(id);
                if (b != null) {
                    if (commit) {
                        b.commit(true);
                    } else {
                        b.rollback();
                    }
                }
            } finally {
                transactionEnded(id);
            }
        }

        @Override
        public void begin() throws ResourceException {
            checkNotDestroyed();
            start();
        }

        @Override
        public void commit() throws ResourceException {
            finish(true);
        }

        @Override
        public void rollback() throws ResourceException {
            finish(false);
        }
    }

    /** Ends every handle's session (their mounts stay as deferred dismounts), forgets them and any transaction. */
    @Override
    public void cleanup() throws ResourceException {
        for (RsmSessionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
        String local = localTransaction.xid;
        if (local != null) {
            try {
                localTransaction.finish(false);
            } catch (RsmException e) {
                LOG.log(Level.WARNING, "rolling back the local transaction left on a cleaned-up connection", e);
            }
        }
        List<MediaSession> ending;
        synchronized (this) {
            branch = null;
            ending = new ArrayList<>(closeAfterTransaction);
            closeAfterTransaction.clear();
        }
        ending.forEach(RsmManagedConnection::closeQuietly);
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        checkNotDestroyed();
        if (!(connection instanceof RsmSessionHandle handle)) {
            throw new ResourceException("not an OpenRSM session handle: " + connection);
        }
        RsmManagedConnection old = handle.associate(this);
        if (old != null) {
            old.handles.remove(handle);
        }
        handles.add(handle);
    }

    /** Idempotent: the second and later calls do nothing. */
    @Override
    public void destroy() throws ResourceException {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        cleanup();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    /** One XAResource per ManagedConnection, cached (the transaction manager may compare instances). */
    @Override
    public synchronized XAResource getXAResource() throws ResourceException {
        checkNotDestroyed();
        if (xaResource == null) {
            xaResource = new RsmXAResource(this, factory.participants());
        }
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        checkNotDestroyed();
        return localTransaction;
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "OpenRSM";
            }

            @Override
            public String getEISProductVersion() {
                return "0.1";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return principal;
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    private void checkNotDestroyed() throws ResourceException {
        if (destroyed.get()) {
            throw new jakarta.resource.spi.IllegalStateException("this OpenRSM connection has been destroyed");
        }
    }
}
