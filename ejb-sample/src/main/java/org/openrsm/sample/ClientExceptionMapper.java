package org.openrsm.sample;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The sample's refusals ({@link ClientException}) as {@code {"error": name, "code": status, "message": …}}. */
@Provider
public class ClientExceptionMapper implements ExceptionMapper<ClientException> {
    @Override
    public Response toResponse(ClientException e) {
        return ErrorBodies.of(e.status(), e.error(), e.status(), e.getMessage()).build();
    }
}
