package org.openrsm.console;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.RuntimeMBeanException;

/**
 * {@code GET /api/libraries/{library}} (the page's view), {@code GET …/events} (its live updates), and an operator's
 * answers to operator requests ({@code POST /api/requests/{id}/satisfy|refuse}: the operator role only, web.xml).
 */
@Path("/")
public class LibraryResource {
    private static final Logger LOG = Logger.getLogger(LibraryResource.class.getName());

    @Inject
    LiveUpdates updates;

    @GET
    @Path("libraries/{library}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response library(@PathParam("library") String library) {
        if (!LibraryView.exists(library)) {
            return error(404, "INVALID_LIBRARY", "library '" + library + "' is not known");
        }
        return Response.ok(LibraryView.of(library)).build();
    }

    @GET
    @Path("libraries/{library}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("library") String library, @Context SseEventSink sink, @Context Sse sse) {
        if (!LibraryView.exists(library)) {
            sink.close();
            return;
        }
        updates.watch(library, sink, sse);
    }

    @POST
    @Path("requests/{id}/{answer: satisfy|refuse}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response answer(@PathParam("id") String id, @PathParam("answer") String answer, @Context SecurityContext who) {
        try {
            EngineBeans.server().invoke(EngineBeans.name("org.openrsm:type=OperatorRequests"), answer, new Object[] {id},
                    new String[] {String.class.getName()});
        } catch (JMException | RuntimeMBeanException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return error(409, "REFUSED", String.valueOf(cause.getMessage()));
        }
        String user = who.getUserPrincipal() == null ? "?" : who.getUserPrincipal().getName();
        LOG.info(() -> "console: " + user + " answered operator request " + id + ": " + answer);
        EngineBeans.libraries().forEach(l -> updates.changed(l.getKeyProperty("name")));
        return Response.ok(Json.createObjectBuilder().add("id", id).add("answer", answer).build()).build();
    }

    /**
     * An operator's library operation, by the names the page shows ({@code POST /api/libraries/{library}/…}): inject
     * (every full IE port), inventory (FAST), eject?barCode=, mount?barCode=, dismount?barCode=. The Library MBean
     * does it as an RSM operation of the administrator, logged; the answer names the library request or the drive.
     */
    @POST
    @Path("libraries/{library}/{operation: inject|inventory|eject|mount|dismount}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response operate(@PathParam("library") String library, @PathParam("operation") String operation,
            @jakarta.ws.rs.QueryParam("barCode") String barCode, @Context SecurityContext who) {
        if (!LibraryView.exists(library)) {
            return error(404, "INVALID_LIBRARY", "library '" + library + "' is not known");
        }
        boolean needsBarCode = operation.equals("eject") || operation.equals("mount") || operation.equals("dismount");
        if (needsBarCode && (barCode == null || barCode.isBlank())) {
            return error(400, "INVALID_PARAMETER", operation + " needs a bar code");
        }
        Object[] args = switch (operation) {
            case "inject" -> new Object[0];
            case "inventory" -> new Object[] {"FAST"};
            case "mount" -> new Object[] {barCode.strip(), false, 60};
            case "dismount" -> new Object[] {barCode.strip(), true};
            default -> new Object[] {barCode.strip()};
        };
        String[] signature = switch (operation) {
            case "inject" -> new String[0];
            case "mount" -> new String[] {String.class.getName(), boolean.class.getName(), int.class.getName()};
            case "dismount" -> new String[] {String.class.getName(), boolean.class.getName()};
            default -> new String[] {String.class.getName()};
        };
        String method = switch (operation) {
            case "inject" -> "injectAll";
            case "eject" -> "ejectToAnyPort";
            default -> operation;
        };
        Object result;
        try {
            result = EngineBeans.server().invoke(EngineBeans.name("org.openrsm:type=Library,name=" + library), method, args,
                    signature);
        } catch (JMException | RuntimeMBeanException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return error(409, "REFUSED", String.valueOf(cause.getMessage()));
        }
        String user = who.getUserPrincipal() == null ? "?" : who.getUserPrincipal().getName();
        LOG.info(() -> "console: " + user + " asked for " + operation + (barCode == null ? "" : " " + barCode) + " in " + library);
        return Response.ok(Json.createObjectBuilder().add("operation", operation)
                .add("result", result == null ? "" : String.valueOf(result)).build()).build();
    }

    private static Response error(int status, String error, String message) {
        JsonObject body = Json.createObjectBuilder().add("error", error).add("code", status).add("message", message).build();
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
