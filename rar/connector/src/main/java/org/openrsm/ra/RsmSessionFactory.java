package org.openrsm.ra;

import javax.naming.Reference;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ConnectionManager;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;

/** The connection factory applications look up ({@code eis/openrsm}). */
public class RsmSessionFactory implements MediaSessionFactory {
    private static final long serialVersionUID = 1L;

    private final RsmManagedConnectionFactory mcf;
    private final ConnectionManager cm;
    private Reference reference;

    RsmSessionFactory(RsmManagedConnectionFactory mcf, ConnectionManager cm) {
        this.mcf = mcf;
        this.cm = cm;
    }

    @Override
    public MediaSession getSession() throws RsmException {
        return allocate(ContainerSignOn.INSTANCE);
    }

    @Override
    public MediaSession getSession(SessionSpec spec) throws RsmException {
        if (spec == null) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "no SessionSpec given; call getSession() for container sign-on");
        }
        return allocate(new RsmRequestInfo(spec));
    }

    private MediaSession allocate(ConnectionRequestInfo info) throws RsmException {
        try {
            return (MediaSession) cm.allocateConnection(mcf, info);
        } catch (RsmException e) {
            throw e;
        } catch (ResourceException e) {
            throw new RsmException(RsmError.NOT_CONNECTED, "no OpenRSM session could be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
