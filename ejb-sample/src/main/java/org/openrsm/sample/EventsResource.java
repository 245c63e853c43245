package org.openrsm.sample;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.openrsm.api.RsmNotification;

/** {@code GET /api/events?after=N}: the library events the sample's message-driven bean received, oldest first. */
@Path("events")
public class EventsResource {
    @EJB
    private LibraryEvents events;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject events(@QueryParam("after") @DefaultValue("0") long after) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (RsmNotification n : events.after(after)) {
            list.add(Json.createObjectBuilder().add("sequence", n.sequence()).add("operation", n.operation().name())
                    .add("objectType", n.objectType() == null ? "" : n.objectType().name())
                    .add("id", n.id() == null ? "" : n.id().toString()).add("time", n.time().toString()));
        }
        return Json.createObjectBuilder().add("events", list).build();
    }
}
