package org.openrsm.ra;

import java.io.PrintWriter;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.security.PasswordCredential;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.SessionSpec;
import org.openrsm.engine.RsmServer;
import org.openrsm.engine.StandBySessions;
import org.openrsm.engine.StandByTransactions;

/**
 * Makes the pooled sessions of one connection factory ({@code eis/openrsm}). Each ManagedConnection is one
 * engine connection for one principal and application; its handles are {@link MediaSession}s.
 */
@ConnectionDefinition(
        connectionFactory = MediaSessionFactory.class,
        connectionFactoryImpl = RsmSessionFactory.class,
        connection = MediaSession.class,
        connectionImpl = RsmSessionHandle.class)
public class RsmManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation, TransactionSupport {
    private static final long serialVersionUID = 1L;

    @ConfigProperty(defaultValue = "OpenRSM", description = "Application name that tags the sessions' requests when the caller gives none")
    private String applicationName = "OpenRSM";

    @ConfigProperty(defaultValue = "XATransaction",
            description = "Transaction support of this factory: XATransaction, LocalTransaction or NoTransaction")
    private String transactionSupportLevel = "XATransaction";

    private transient RsmResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager cm) {
        return new RsmSessionFactory(this, cm);
    }

    @Override
    public Object createConnectionFactory() {
        return new RsmSessionFactory(this, new UnmanagedConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        // while this server stands by on a shared catalog, a connection has no engine: its sessions and their
        // transaction branches are served by the owner, and the transaction manager's recovery (no request info,
        // ContainerSignOn) finishes branches through the shared catalog
        RsmServer server = adapter().runningServer();
        return new RsmManagedConnection(this, server, principal(subject, info), application(info));
    }

    /** Only a connection of the same principal and application is handed out again (never "the first"). */
    @Override
    public ManagedConnection matchManagedConnections(@SuppressWarnings("rawtypes") Set candidates, Subject subject,
                                                     ConnectionRequestInfo info) {
        String principal = principal(subject, info);
        String application = application(info);
        for (Object o : candidates) {
            if (o instanceof RsmManagedConnection mc && mc.factory() == this && Objects.equals(mc.principal(), principal)
                    && mc.application().equals(application)) {
                return mc;
            }
        }
        return null;
    }

    String application(ConnectionRequestInfo info) {
        return info instanceof RsmRequestInfo r ? r.spec().application() : applicationName;
    }

    /** The user: from the container's Subject (auth alias), else from the SessionSpec, else null (anonymous). */
    String principal(Subject subject, ConnectionRequestInfo info) {
        if (subject != null) {
            for (PasswordCredential c : subject.getPrivateCredentials(PasswordCredential.class)) {
                if (c.getManagedConnectionFactory() == null || equals(c.getManagedConnectionFactory())) {
                    return c.getUserName();
                }
            }
            for (Principal p : subject.getPrincipals()) {
                return p.getName();
            }
        }
        return info instanceof RsmRequestInfo r ? r.spec().user() : null;
    }

    /** The branch participants of the adapter this factory belongs to. */
    BranchParticipants participants() throws ResourceException {
        return adapter().participants();
    }

    /** The adapter's engine; fails naming why when there is none (standing by, or not started). */
    RsmServer server() throws ResourceException {
        return adapter().server();
    }

    /** The adapter's engine, or null while this server stands by (or the adapter is not started). */
    RsmServer runningServer() throws ResourceException {
        return adapter().runningServer();
    }

    /** The shared catalog's branches while this server stands by, else null ({@link RsmResourceAdapter}). */
    StandByTransactions standByTransactions() throws ResourceException {
        return adapter().standByTransactions();
    }

    /** Sessions served by the server driving the shared catalog while this one stands by, else null. */
    StandBySessions standBySessions() throws ResourceException {
        return adapter().standBySessions();
    }

    private RsmResourceAdapter adapter() throws ResourceException {
        if (resourceAdapter == null) {
            throw new ResourceException("this OpenRSM connection factory is not associated with the resource adapter");
        }
        return resourceAdapter;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.valueOf(transactionSupportLevel);
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.resourceAdapter = (RsmResourceAdapter) ra;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = SessionSpec.application(applicationName).application();
    }

    public String getTransactionSupportLevel() {
        return transactionSupportLevel;
    }

    public void setTransactionSupportLevel(String level) {
        try {
            TransactionSupportLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transactionSupportLevel '" + level
                    + "' is not one of XATransaction, LocalTransaction, NoTransaction", e);
        }
        this.transactionSupportLevel = level;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsmManagedConnectionFactory f && applicationName.equals(f.applicationName)
                && transactionSupportLevel.equals(f.transactionSupportLevel) && resourceAdapter == f.resourceAdapter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(applicationName, transactionSupportLevel);
    }
}
