package org.openrsm.sample;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A document archived twice: 409 with {@code {"error": "DUPLICATE_DOCUMENT", "message": …}}. */
@Provider
public class DuplicateDocumentMapper implements ExceptionMapper<DuplicateDocumentException> {
    @Override
    public Response toResponse(DuplicateDocumentException e) {
        return Response.status(409).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", "DUPLICATE_DOCUMENT").add("message", e.getMessage()).build())
                .build();
    }
}
