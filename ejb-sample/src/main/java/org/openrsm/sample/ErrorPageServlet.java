package org.openrsm.sample;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of web.xml: what the container refuses before the API sees the request (no or wrong credentials:
 * 401; a role that may not do this: 403) in the API's one JSON shape {@code {"error", "code", "message"}}.
 */
@WebServlet("/errors")
public class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        String error;
        String message;
        switch (status) {
            case 401 -> {
                error = "UNAUTHORIZED";
                message = "sign in: the archive takes HTTP Basic credentials of an archivist or an auditor";
            }
            case 403 -> {
                error = "FORBIDDEN";
                message = "your role may not do this: reading needs archivist or auditor, archiving and deleting "
                        + "need archivist";
            }
            default -> {
                error = "HTTP_" + status;
                message = "the request could not be served";
            }
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.createObjectBuilder().add("error", error).add("code", status)
                .add("message", message).build().toString());
    }
}
