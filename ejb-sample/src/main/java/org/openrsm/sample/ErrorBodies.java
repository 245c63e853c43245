package org.openrsm.sample;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one shape of every error the API returns: {@code {"error": NAME, "code": number, "message": text}}. */
final class ErrorBodies {
    private ErrorBodies() {
    }

    static Response.ResponseBuilder of(int status, String error, int code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("error", error).add("code", code).add("message", message).build()
                        .toString());
    }
}
