package org.openrsm.sample;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * {@code GET /api/drives}; {@code POST /api/archive?document=} (body: the payload) → 201 with the receipt, and
 * the document in the archive index in the same transaction; {@code GET /api/index/{document}};
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
    public Response archive(byte[] payload, @QueryParam("document") String document)
            throws RsmException, DuplicateDocumentException {
        if (payload == null || payload.length == 0) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "nothing to archive: the request body is empty");
        }
        if (document != null && (document.isBlank() || document.length() > 200)) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "a document name must have 1..200 characters");
        }
        ArchiveReceipt r = document == null ? archive.archive(payload) : archive.archive(document, payload);
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
                .orElseGet(() -> Response.status(404).type(MediaType.APPLICATION_JSON).entity(Json.createObjectBuilder()
                        .add("error", "NOT_INDEXED").add("message", "document '" + document + "' is not in the archive index")
                        .build()).build());
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

    @POST
    @Path("media/{medium}/dismount")
    @Produces(MediaType.APPLICATION_JSON)
    public Response dismount(@PathParam("medium") String medium, @QueryParam("mode") @DefaultValue("IMMEDIATE") String mode)
            throws RsmException {
        DismountMode m;
        try {
            m = DismountMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "dismount mode '" + mode + "' is not DEFERRED or IMMEDIATE");
        }
        archive.dismount(logical(medium), m);
        return Response.accepted().build();
    }

    private static LogicalMediaId logical(String medium) throws RsmException {
        try {
            return LogicalMediaId.parse(medium);
        } catch (IllegalArgumentException e) {
            throw new RsmException(RsmError.INVALID_MEDIA, e.getMessage());
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
