package org.openrsm.console;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.TreeSet;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** One library as the console page shows it, read from the engine's MBeans. */
final class LibraryView {
    private LibraryView() {
    }

    static boolean exists(String library) {
        return EngineBeans.server().isRegistered(EngineBeans.name("org.openrsm:type=Library,name=" + library));
    }

    static JsonObject of(String library) {
        ObjectName lib = EngineBeans.name("org.openrsm:type=Library,name=" + library);
        JsonArrayBuilder drives = Json.createArrayBuilder();
        for (ObjectName d : new TreeSet<>(EngineBeans.server().queryNames(
                EngineBeans.name("org.openrsm:type=Drive,library=" + library + ",*"), null))) {
            drives.add(Json.createObjectBuilder().add("name", d.getKeyProperty("name"))
                    .add("state", text(d, "State")).add("enabled", text(d, "Enabled"))
                    .add("cartridge", text(d, "MediumBarCode")).add("session", text(d, "Session"))
                    .add("since", text(d, "MountedSince")).add("mounts", text(d, "MountCount")));
        }
        JsonArrayBuilder requests = Json.createArrayBuilder();
        Object open = EngineBeans.attribute(EngineBeans.name("org.openrsm:type=OperatorRequests"), "Open");
        if (open instanceof CompositeData[] rows) {
            for (CompositeData r : rows) {
                requests.add(Json.createObjectBuilder().add("id", String.valueOf(r.get("id")))
                        .add("type", String.valueOf(r.get("type"))).add("state", String.valueOf(r.get("state")))
                        .add("application", String.valueOf(r.get("application")))
                        .add("message", String.valueOf(r.get("message"))));
            }
        }
        JsonObjectBuilder counters = Json.createObjectBuilder();
        for (String c : new String[] {"State", "QueuedRequests", "Mounts", "RobotMoves", "MountsWithoutRobotMove",
            "RobotBusyShare", "FullSlots", "SlotCount", "InventoryNeeded"}) {
            counters.add(c, text(lib, c));
        }
        return Json.createObjectBuilder().add("library", library).add("counters", counters).add("drives", drives)
                .add("slots", elements(lib, "Slots")).add("ports", elements(lib, "Ports")).add("requests", requests).build();
    }

    private static JsonArrayBuilder elements(ObjectName lib, String attribute) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        if (EngineBeans.attribute(lib, attribute) instanceof TabularData table) {
            java.util.Map<Integer, String> sorted = new java.util.TreeMap<>();
            for (Object row : table.values()) {
                CompositeData c = (CompositeData) row;
                sorted.put((Integer) c.get("key"), (String) c.get("value"));
            }
            sorted.forEach((number, barCode) -> list.add(Json.createObjectBuilder().add("number", number).add("cartridge", barCode)));
        }
        return list;
    }

    private static String text(ObjectName bean, String attribute) {
        Object v = EngineBeans.attribute(bean, attribute);
        return v == null ? "" : v instanceof Double d ? String.format("%.3f", d) : String.valueOf(v);
    }
}
