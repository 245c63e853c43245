package org.openrsm.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import javax.sql.XAConnection;
import javax.sql.XADataSource;
import javax.transaction.xa.XAResource;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;
import org.openrsm.engine.RsmServer;

/**
 * One pooled connection to the engine for one principal and application. Every handle is an engine session
 * of its own: closing the handle closes the session (what it still holds stays in the drives as deferred
 * dismounts), so a pooled connection never carries one user's mounts to the next. The XAResource is the
 * store's XA branch (DESIGN.md §6).
 */
final class RsmManagedConnection implements ManagedConnection {
    private static final Logger LOG = Logger.getLogger(RsmManagedConnection.class.getName());

    private final RsmManagedConnectionFactory factory;
    private final RsmServer server;
    private final String principal;
    private final String application;
    private final Set<RsmSessionHandle> handles = new CopyOnWriteArraySet<>();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private XAConnection xaConnection;
    private XAResource xaResource;
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

    String principal() {
        return principal;
    }

    String application() {
        return application;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        checkNotDestroyed();
        MediaSession session = server.openSession(new SessionSpec(application, principal, null));
        RsmSessionHandle handle = new RsmSessionHandle(this, session);
        handles.add(handle);
        return handle;
    }

    /** The handle was closed by the application: its session is gone; tell the pool. */
    void closed(RsmSessionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener l : listeners) {
            l.connectionClosed(event);
        }
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

    /** Ends every handle's session (their mounts stay as deferred dismounts) and forgets them. */
    @Override
    public void cleanup() throws ResourceException {
        for (RsmSessionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() throws ResourceException {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        cleanup();
        if (xaConnection != null) {
            try {
                xaConnection.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing the store's XA connection", e);
            }
        }
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    /** The store's XA branch, one per ManagedConnection, cached. */
    @Override
    public synchronized XAResource getXAResource() throws ResourceException {
        checkNotDestroyed();
        if (xaResource == null) {
            XADataSource xa = server.storeXaDataSource();
            if (xa == null) {
                throw new NotSupportedException("the OpenRSM store (" + server.storeDescription() + ") has no XA data source");
            }
            try {
                xaConnection = xa.getXAConnection();
                xaResource = xaConnection.getXAResource();
            } catch (SQLException e) {
                throw new RsmException(org.openrsm.api.RsmError.DATABASE_FAILURE,
                        "cannot open an XA connection to " + server.storeDescription() + ": " + e.getMessage(), e);
            }
        }
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        checkNotDestroyed();
        return new StoreLocalTransaction();
    }

    /** A local transaction on the store connection of this ManagedConnection. */
    private final class StoreLocalTransaction implements LocalTransaction {
        private Connection connection() throws ResourceException {
            getXAResource();
            try {
                return xaConnection.getConnection();
            } catch (SQLException e) {
                throw new ResourceException("cannot reach the OpenRSM store: " + e.getMessage(), e);
            }
        }

        @Override
        public void begin() throws ResourceException {
            try {
                connection().setAutoCommit(false);
            } catch (SQLException e) {
                throw new ResourceException("cannot begin a local transaction: " + e.getMessage(), e);
            }
        }

        @Override
        public void commit() throws ResourceException {
            try {
                connection().commit();
            } catch (SQLException e) {
                throw new ResourceException("cannot commit the local transaction: " + e.getMessage(), e);
            }
        }

        @Override
        public void rollback() throws ResourceException {
            try {
                connection().rollback();
            } catch (SQLException e) {
                throw new ResourceException("cannot roll back the local transaction: " + e.getMessage(), e);
            }
        }
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
