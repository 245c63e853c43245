package org.openrsm.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;

/** For use outside a server (JCA non-managed mode): a new connection per request, no pool, no transactions. */
final class UnmanagedConnectionManager implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        var mc = mcf.createManagedConnection(null, info);
        mc.addConnectionEventListener(new jakarta.resource.spi.ConnectionEventListener() {
            @Override
            public void connectionClosed(jakarta.resource.spi.ConnectionEvent event) {
                destroy(mc);
            }

            @Override
            public void localTransactionStarted(jakarta.resource.spi.ConnectionEvent event) {
            }

            @Override
            public void localTransactionCommitted(jakarta.resource.spi.ConnectionEvent event) {
            }

            @Override
            public void localTransactionRolledback(jakarta.resource.spi.ConnectionEvent event) {
            }

            @Override
            public void connectionErrorOccurred(jakarta.resource.spi.ConnectionEvent event) {
                destroy(mc);
            }
        });
        return mc.getConnection(null, info);
    }

    private static void destroy(jakarta.resource.spi.ManagedConnection mc) {
        try {
            mc.destroy();
        } catch (ResourceException e) {
            java.util.logging.Logger.getLogger(UnmanagedConnectionManager.class.getName()).fine(e.getMessage());
        }
    }
}
