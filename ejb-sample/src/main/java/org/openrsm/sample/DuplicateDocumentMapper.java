package org.openrsm.sample;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A document archived twice: 409 with {@code {"error": "DUPLICATE_DOCUMENT", "message": …}}. */
@Provider
public class DuplicateDocumentMapper implements ExceptionMapper<DuplicateDocumentException> {
    @Override
    public Response toResponse(DuplicateDocumentException e) {
        return ErrorBodies.of(409, "DUPLICATE_DOCUMENT", 409, e.getMessage()).build();
    }
}
