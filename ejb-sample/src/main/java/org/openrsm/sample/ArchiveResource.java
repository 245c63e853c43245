package org.openrsm.sample;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * {@code GET /api/drives}; {@code POST /api/archive?document=} (body: the payload, streamed to tape; at most
 * {@code sample/maxUploadBytes}, else 413) → 201 with the receipt, and the document in the archive index in the same
 * transaction; {@code GET /api/index/{document}};
 * {@code GET /api/archive/{medium}} → the payload; {@code DELETE /api/archive/{medium}} deallocates its tape;
 * {@code POST /api/media/{medium}/dismount?mode=}.
 */
@Path("/")
public class ArchiveResource {
    @EJB
    private ArchiveService archive;

    @GET
    @Path("drives")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject drives() throws RsmException {
        JsonArrayBuilder drives = Json.createArrayBuilder();
        for (DriveInfo d : archive.drives()) {
            JsonObjectBuilder o = Json.createObjectBuilder()
                    .add("id", d.id().toString())
                    .add("name", d.name())
                    .add("state", d.state().name())
                    .add("enabled", d.enabled())
                    .add("mountCount", d.mountCount())
                    .add("deferDismountDelaySeconds", d.deferDismountDelay().toSeconds());
            add(o, "medium", d.mediumBarCode());
            add(o, "session", d.session());
            add(o, "device", d.deviceName());
            drives.add(o);
        }
        return Json.createObjectBuilder().add("drives", drives).build();
    }

    @POST
    @Path("archive")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response archive(InputStream payload, @QueryParam("document") String document,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) @DefaultValue("-1") long declaredLength)
            throws RsmException, ClientException {
        if (document != null) {
            DocumentNames.check(document);
        }
        ArchiveReceipt r = archive.archive(document, payload, declaredLength);
        JsonObject body = Json.createObjectBuilder().add("medium", r.medium()).add("barCode", r.barCode())
                .add("drive", r.drive()).add("bytes", r.bytes()).build();
        return Response.created(URI.create("archive/" + r.medium())).entity(body).build();
    }

    @GET
    @Path("index/{document}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response index(@PathParam("document") String document) {
        return archive.find(document)
                .map(e -> Response.ok(Json.createObjectBuilder().add("document", e.document()).add("medium", e.medium())
                        .add("barCode", e.barCode()).add("bytes", e.bytes()).build()).build())
                .orElseGet(() -> ErrorBodies.of(404, "NOT_INDEXED", 404, "document '" + document
                        + "' is not in the archive index").build());
    }

    @GET
    @Path("archive/{medium}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] read(@PathParam("medium") String medium) throws RsmException {
        return archive.read(logical(medium));
    }

    @jakarta.ws.rs.DELETE
    @Path("archive/{medium}")
    public Response delete(@PathParam("medium") String medium) throws RsmException {
        archive.delete(logical(medium));
        return Response.noContent().build();
    }

    /**
     * Sends an archive's tape home now ({@code mode=IMMEDIATE}, the default): the sample dismounts deferred, so the
     * tape waits in its drive until the drive's delay runs out. 202 with the drive it left; 409 when the tape is in use
     * or home already.
     */
    @POST
    @Path("media/{medium}/dismount")
    @Produces(MediaType.APPLICATION_JSON)
    public Response dismount(@PathParam("medium") String medium, @QueryParam("mode") @DefaultValue("IMMEDIATE") String mode)
            throws RsmException {
        if (!mode.equals(DismountMode.IMMEDIATE.name())) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "dismount mode '" + mode + "': the sample's tapes wait "
                    + "in their drives as deferred dismounts already; IMMEDIATE sends one home now");
        }
        LogicalMediaId id = logical(medium);
        String drive = archive.sendHome(id);
        return Response.accepted(Json.createObjectBuilder().add("medium", id.toString()).add("drive", drive).build())
                .build();
    }

    /** A medium id of the URL: malformed is the client's mistake (400), unknown is not found (404). */
    private static LogicalMediaId logical(String medium) throws RsmException {
        try {
            return LogicalMediaId.parse(medium);
        } catch (IllegalArgumentException e) {
            throw new RsmException(RsmError.INVALID_PARAMETER, e.getMessage());
        }
    }

    private static void add(JsonObjectBuilder o, String name, String value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, value);
        }
    }
}
