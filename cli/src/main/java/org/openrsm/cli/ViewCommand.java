package org.openrsm.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeSet;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code openrsm view libraries|drives|slots|ports|media|pools|requests}. */
@Command(name = "view", description = "Show libraries, drives, slots, IE ports, media, pools or operator requests.")
final class ViewCommand extends OpenRsm.Base {
    enum What { libraries, drives, slots, ports, media, pools, requests }

    @Parameters(index = "0", description = "one of: ${COMPLETION-CANDIDATES}")
    What what;

    @Override
    void run(Jmx jmx, PrintWriter out) throws Exception {
        Output o = switch (what) {
            case libraries -> libraries(jmx);
            case drives -> drives(jmx, root.library);
            case slots -> elements(jmx, "Slots", "slot");
            case ports -> elements(jmx, "Ports", "port");
            case media -> media(jmx);
            case pools -> pools(jmx);
            case requests -> requests(jmx);
        };
        o.print(out, root.json);
    }

    private static Output libraries(Jmx jmx) throws Exception {
        Output o = new Output("library", "state", "enabled", "drives", "slots", "full", "queued", "oprequests", "mounts",
                "robotMoves", "robotBusy");
        for (ObjectName n : new TreeSet<>(jmx.server.queryNames(Jmx.name("org.openrsm:type=Library,*"), null))) {
            String b = n.toString();
            o.row(jmx.get(b, "Name"), jmx.get(b, "State"), jmx.get(b, "Enabled"), jmx.get(b, "DriveCount"),
                    jmx.get(b, "SlotCount"), jmx.get(b, "FullSlots"), jmx.get(b, "QueuedRequests"),
                    jmx.get(b, "OpenOperatorRequests"), jmx.get(b, "Mounts"), jmx.get(b, "RobotMoves"),
                    String.format("%.3f", (Double) jmx.get(b, "RobotBusyShare")));
        }
        return o;
    }

    static Output drives(Jmx jmx, String library) throws Exception {
        Output o = new Output("drive", "state", "enabled", "cartridge", "session", "since", "mounts");
        for (ObjectName n : new TreeSet<>(jmx.server.queryNames(Jmx.name("org.openrsm:type=Drive,library=" + library + ",*"), null))) {
            String b = n.toString();
            o.row(n.getKeyProperty("name"), jmx.get(b, "State"), jmx.get(b, "Enabled"), jmx.get(b, "MediumBarCode"),
                    jmx.get(b, "Session"), jmx.get(b, "MountedSince"), jmx.get(b, "MountCount"));
        }
        return o;
    }

    private Output elements(Jmx jmx, String attribute, String column) throws Exception {
        Output o = new Output(column, "cartridge");
        TabularData table = (TabularData) jmx.get(root.libraryBean(), attribute);
        for (Object row : new java.util.TreeMap<>(rows(table)).entrySet()) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) row;
            o.row(e.getKey(), e.getValue());
        }
        return o;
    }

    private static Map<Integer, String> rows(TabularData table) {
        Map<Integer, String> rows = new java.util.TreeMap<>();
        for (Object v : table.values()) {
            CompositeData c = (CompositeData) v;
            rows.put((Integer) c.get("key"), (String) c.get("value"));
        }
        return rows;
    }

    private static Output media(Jmx jmx) throws Exception {
        Output o = new Output("barCode", "library", "location", "pool", "state", "sides");
        for (CompositeData m : (CompositeData[]) jmx.get("org.openrsm:type=Media", "Cartridges")) {
            o.row(m.get("barCode"), m.get("library"), m.get("location"), m.get("pool"), m.get("state"),
                    String.join("; ", (String[]) m.get("sides")));
        }
        return o;
    }

    private static Output pools(Jmx jmx) throws Exception {
        Output o = new Output("pool", "type", "mediaType", "cartridges", "allocations", "fromFree", "toFree");
        for (ObjectName n : new TreeSet<>(jmx.server.queryNames(Jmx.name("org.openrsm:type=MediaPool,*"), null))) {
            String b = n.toString();
            o.row(jmx.get(b, "Path"), jmx.get(b, "PoolType"), jmx.get(b, "MediaType"), jmx.get(b, "PhysicalMedia"),
                    jmx.get(b, "LogicalMedia"), jmx.get(b, "AllocateFromFree"), jmx.get(b, "DeallocateToFree"));
        }
        return o;
    }

    static Output requests(Jmx jmx) throws Exception {
        Output o = new Output("id", "type", "state", "application", "submitted", "message");
        for (CompositeData r : (CompositeData[]) jmx.get("org.openrsm:type=OperatorRequests", "Open")) {
            o.row(r.get("id"), r.get("type"), r.get("state"), r.get("application"), r.get("submitted"), r.get("message"));
        }
        return o;
    }
}
