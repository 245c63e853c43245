package org.openrsm.sample;

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
        Response.ResponseBuilder r = ErrorBodies.of(status, e.error().name(), e.code(), e.getMessage());
        if (status == 503) {
            r.header("Retry-After", 60);   // out of tapes, a library not answering: worth trying again later
        }
        return r.build();
    }
}
