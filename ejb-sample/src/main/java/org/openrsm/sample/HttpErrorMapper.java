package org.openrsm.sample;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The errors of the HTTP layer (no such path, a method or media type the resource does not take, a body or
 * parameter that cannot be read) in the API's JSON shape, with their status and headers (Allow). They are the
 * client's: nothing is logged.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        String name = Response.Status.fromStatusCode(status) == null ? "HTTP_" + status
                : Response.Status.fromStatusCode(status).name();
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here; allowed: " + String.join(", ", new TreeSet<>(original.getAllowedMethods()));
            case 406 -> "the response can only be application/json (or the archive's bytes for GET /api/archive/{medium})";
            case 415 -> "the request's Content-Type is not one this resource takes";
            default -> status >= 500 ? "the request could not be served" : "the request could not be read";
        };
        Response.ResponseBuilder r = ErrorBodies.of(status, name.toUpperCase(Locale.ROOT), status, message);
        original.getHeaders().forEach((header, values) -> {
            if (!header.equalsIgnoreCase("Content-Type") && !header.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> r.header(header, v));
            }
        });
        if (e instanceof NotAllowedException) {
            r.allow(original.getAllowedMethods());
        }
        return r.build();
    }
}
