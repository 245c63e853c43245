package org.openrsm.sample;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whatever else goes wrong, in the API's JSON shape and without a class name in the body. A request body that could
 * not be read (cut off, badly chunked) is the client's: 400, one line in the log without a stack trace. Anything else
 * is the server's: 500 with an incident id, logged once with its stack trace under that id.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        if (unreadableRequest(e)) {
            LOG.info(() -> "a request body could not be read: " + e.getMessage());
            return ErrorBodies.of(400, "BAD_REQUEST", 400, "the request body could not be read (cut off or badly "
                    + "chunked?)").build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "incident " + incident + ": the sample failed a request", e);
        return ErrorBodies.of(500, "INTERNAL_ERROR", 500, "the request could not be served; the server log names incident "
                + incident).build();
    }

    private static boolean unreadableRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof ProcessingException) {
                return true;
            }
        }
        return false;
    }
}
