package org.openrsm.sample;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.openrsm.api.RsmException;

/** RSM errors as JSON {@code {"error": name, "code": number, "message": …}} with a fitting HTTP status. */
@Provider
public class RsmExceptionMapper implements ExceptionMapper<RsmException> {
    @Override
    public Response toResponse(RsmException e) {
        int status = switch (e.error()) {
            case INVALID_MEDIA, INVALID_DRIVE, INVALID_LIBRARY, INVALID_MEDIA_POOL, OBJECT_NOT_FOUND -> 404;
            case INVALID_PARAMETER, INVALID_NAME, BAD_FORMAT -> 400;
            case ACCESS_DENIED -> 403;
            case INVALID_STATE, WRITE_PROTECT, MEDIA_NOT_AVAILABLE, BUSY, ALREADY_EXISTS, NOT_EMPTY -> 409;
            case TIMEOUT -> 504;
            default -> 503;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Json.createObjectBuilder().add("error", e.error().name()).add("code", e.code())
                        .add("message", e.getMessage()).build())
                .build();
    }
}
