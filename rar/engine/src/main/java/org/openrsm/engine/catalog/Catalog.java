package org.openrsm.engine.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaState;
import org.openrsm.api.MediaTypeId;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OmidLabelType;
import org.openrsm.api.OperationalState;
import org.openrsm.api.PhysicalMediaId;
import org.openrsm.api.PoolType;
import org.openrsm.api.PortContent;
import org.openrsm.api.PortId;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotState;
import org.openrsm.engine.catalog.Model.Drive;
import org.openrsm.engine.catalog.Model.Library;
import org.openrsm.engine.catalog.Model.Logical;
import org.openrsm.engine.catalog.Model.MediaType;
import org.openrsm.engine.catalog.Model.Medium;
import org.openrsm.engine.catalog.Model.Pool;
import org.openrsm.engine.catalog.Model.Port;
import org.openrsm.engine.catalog.Model.Side;
import org.openrsm.engine.catalog.Model.Slot;
import org.openrsm.store.Store;

/** Maps the entities to the store's tables: load everything at start, write one change per transaction. */
public final class Catalog {
    private final Store store;

    public Catalog(Store store) {
        this.store = store;
    }

    public Store store() {
        return store;
    }

    /** One change's rows: what a commit writes. Entities are never edited after they were committed (copy-on-write). */
    public record Write(Collection<Entity> created, Collection<Entity> edited, Collection<Entity> deletes) {
        public boolean isEmpty() {
            return created.isEmpty() && edited.isEmpty() && deletes.isEmpty();
        }
    }

    /**
     * Writes the change in one store transaction: deletes first, then new entities (batched inserts), then
     * edited ones (updates, or inserts for rows the store lacks). Nothing is written if any statement fails.
     */
    public void write(String what, Collection<Entity> created, Collection<Entity> edited, Collection<Entity> deletes)
            throws RsmException {
        write(what, List.of(new Write(created, edited, deletes)), null);
    }

    /**
     * Writes several changes in one store transaction (a group commit), each as {@link #write(String, Collection,
     * Collection, Collection)} writes it, in the order given, then {@code extra}. Nothing is written if any
     * statement fails.
     */
    public void write(String what, List<Write> writes, Store.Work<Void> extra) throws RsmException {
        if (writes.stream().allMatch(Write::isEmpty) && extra == null) {
            return;
        }
        store.inTransaction(what, c -> {
            for (Write w : writes) {
                for (Entity e : w.deletes()) {
                    for (String sql : List.of("DELETE FROM " + e.table() + " WHERE ID = ?",
                            "DELETE FROM OBJECT_ATTRIBUTE WHERE OBJECT_ID = ?", "DELETE FROM OBJECT_DESCRIPTION WHERE OBJECT_ID = ?")) {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setString(1, e.id().value().toString());
                            ps.executeUpdate();
                        }
                    }
                }
                insert(c, w.created());
                for (Entity e : w.edited()) {
                    upsert(c, e);
                }
            }
            if (extra != null) {
                extra.run(c);
            }
            return null;
        });
    }

    /** Batched inserts, one prepared statement per table. */
    private static void insert(Connection c, Collection<Entity> entities) throws SQLException {
        Map<String, List<Map<String, Object>>> byTable = new LinkedHashMap<>();
        for (Entity e : entities) {
            byTable.computeIfAbsent(e.table(), t -> new ArrayList<>()).add(e.row());
        }
        for (Map.Entry<String, List<Map<String, Object>>> table : byTable.entrySet()) {
            List<String> columns = new ArrayList<>(table.getValue().get(0).keySet());
            String sql = "INSERT INTO " + table.getKey() + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int n = 0;
                for (Map<String, Object> row : table.getValue()) {
                    int i = 1;
                    for (String col : columns) {
                        ps.setObject(i++, row.get(col));
                    }
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }
    }

    private static void upsert(Connection c, Entity e) throws SQLException {
        Map<String, Object> row = e.row();
        List<String> columns = new ArrayList<>(row.keySet());
        List<String> rest = columns.subList(1, columns.size());
        String update = "UPDATE " + e.table() + " SET " + String.join(" = ?, ", rest) + " = ? WHERE ID = ?";
        try (PreparedStatement ps = c.prepareStatement(update)) {
            int i = 1;
            for (String col : rest) {
                ps.setObject(i++, row.get(col));
            }
            ps.setObject(i, row.get("ID"));
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        insert(c, List.of(e));
    }

    /** The object's description, null if none. */
    public String description(RsmId object) throws RsmException {
        return store.inTransaction("read the description of " + object, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DESCRIPTION FROM OBJECT_DESCRIPTION WHERE OBJECT_ID = ?")) {
                ps.setString(1, object.value().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Sets (or, for an empty one, removes) the object's description in one statement. */
    public void setDescription(RsmId object, String description) throws RsmException {
        store.inTransaction("set the description of " + object, c -> {
            replace(c, "OBJECT_DESCRIPTION", "DESCRIPTION", object, null, description.isEmpty() ? null : description);
            return null;
        });
    }

    /** The named attribute's data, null if the object has no such attribute. */
    public byte[] attribute(RsmId object, String name) throws RsmException {
        return store.inTransaction("read attribute " + name + " of " + object, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DATA FROM OBJECT_ATTRIBUTE WHERE OBJECT_ID = ? AND NAME = ?")) {
                ps.setString(1, object.value().toString());
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** Creates, replaces or (for null data) removes a named attribute. */
    public void setAttribute(RsmId object, String name, byte[] data) throws RsmException {
        store.inTransaction("set attribute " + name + " of " + object, c -> {
            replace(c, "OBJECT_ATTRIBUTE", "DATA", object, name, data);
            return null;
        });
    }

    /** Delete-then-insert of one row keyed by object id (and name); a null value only deletes. */
    private static void replace(Connection c, String table, String column, RsmId object, String name, Object value)
            throws SQLException {
        String key = "OBJECT_ID = ?" + (name == null ? "" : " AND NAME = ?");
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + key)) {
            ps.setString(1, object.value().toString());
            if (name != null) {
                ps.setString(2, name);
            }
            ps.executeUpdate();
        }
        if (value == null) {
            return;
        }
        String sql = name == null ? "INSERT INTO " + table + " (OBJECT_ID, " + column + ") VALUES (?, ?)"
                : "INSERT INTO " + table + " (OBJECT_ID, NAME, " + column + ") VALUES (?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, object.value().toString());
            int i = 2;
            if (name != null) {
                ps.setString(i++, name);
            }
            ps.setObject(i, value);
            ps.executeUpdate();
        }
    }

    /** Every entity in the store. */
    public List<Entity> loadAll() throws RsmException {
        return store.inTransaction("read the catalog", c -> {
            List<Entity> all = new ArrayList<>();
            load(c, "MEDIA_TYPE", all, rs -> {
                MediaType t = new MediaType();
                t.id = new MediaTypeId(uuid(rs, "ID"));
                t.name = rs.getString("NAME");
                t.code = rs.getInt("CODE");
                t.sides = rs.getInt("SIDES");
                return t;
            });
            load(c, "LIBRARY", all, rs -> {
                Library l = new Library();
                l.id = new LibraryId(uuid(rs, "ID"));
                l.name = rs.getString("NAME");
                l.type = LibraryType.ofCode(rs.getInt("LIBRARY_TYPE"));
                l.enabled = rs.getInt("ENABLED") != 0;
                l.operationalState = OperationalState.ofCode(rs.getInt("OPERATIONAL_STATE"));
                String types = rs.getString("MEDIA_TYPES");
                l.mediaTypes = new ArrayList<>(types.isEmpty() ? List.of()
                        : Arrays.stream(types.split(",")).map(s -> new MediaTypeId(UUID.fromString(s))).toList());
                l.cleanerSlot = id(rs, "CLEANER_SLOT_ID", SlotId::new);
                l.cleanerBarCode = rs.getString("CLEANER_BAR_CODE");
                l.cleanerUses = rs.getInt("CLEANER_USES");
                l.doorOpen = rs.getInt("DOOR_OPEN") != 0;
                l.acl = Acls.parse(rs.getString("ACL"));
                return l;
            });
            load(c, "DRIVE", all, rs -> {
                Drive d = new Drive();
                d.id = new DriveId(uuid(rs, "ID"));
                d.library = new LibraryId(uuid(rs, "LIBRARY_ID"));
                d.name = rs.getString("NAME");
                d.number = rs.getInt("NUMBER");
                d.state = DriveState.ofCode(rs.getInt("STATE"));
                d.enabled = rs.getInt("ENABLED") != 0;
                d.operationalState = OperationalState.ofCode(rs.getInt("OPERATIONAL_STATE"));
                d.side = id(rs, "SIDE_ID", SideId::new);
                d.mountCount = rs.getLong("MOUNT_COUNT");
                d.deferDismountDelay = Duration.ofMillis(rs.getLong("DEFER_DISMOUNT_MILLIS"));
                Timestamp cleaned = rs.getTimestamp("LAST_CLEANED");
                d.lastCleaned = cleaned == null ? null : cleaned.toInstant();
                d.deviceName = rs.getString("DEVICE_NAME");
                return d;
            });
            load(c, "SLOT", all, rs -> {
                Slot s = new Slot();
                s.id = new SlotId(uuid(rs, "ID"));
                s.library = new LibraryId(uuid(rs, "LIBRARY_ID"));
                s.number = rs.getInt("NUMBER");
                s.state = SlotState.ofCode(rs.getInt("STATE"));
                return s;
            });
            load(c, "IE_PORT", all, rs -> {
                Port p = new Port();
                p.id = new PortId(uuid(rs, "ID"));
                p.library = new LibraryId(uuid(rs, "LIBRARY_ID"));
                p.number = rs.getInt("NUMBER");
                p.content = PortContent.ofCode(rs.getInt("CONTENT"));
                return p;
            });
            load(c, "MEDIA_POOL", all, rs -> {
                Pool p = new Pool();
                p.id = new MediaPoolId(uuid(rs, "ID"));
                p.name = rs.getString("NAME");
                p.path = rs.getString("PATH");
                p.type = PoolType.ofCode(rs.getInt("POOL_TYPE"));
                p.mediaType = id(rs, "MEDIA_TYPE_ID", MediaTypeId::new);
                p.parent = id(rs, "PARENT_ID", MediaPoolId::new);
                p.policy = new MediaPoolPolicy(rs.getInt("ALLOCATE_FROM_FREE") != 0,
                        rs.getInt("DEALLOCATE_TO_FREE") != 0, rs.getInt("MAX_ALLOCATIONS"));
                p.acl = Acls.parse(rs.getString("ACL"));
                return p;
            });
            load(c, "PHYSICAL_MEDIA", all, rs -> {
                Medium m = new Medium();
                m.id = new PhysicalMediaId(uuid(rs, "ID"));
                m.barCode = rs.getString("BAR_CODE");
                m.mediaType = new MediaTypeId(uuid(rs, "MEDIA_TYPE_ID"));
                m.pool = new MediaPoolId(uuid(rs, "POOL_ID"));
                m.library = new LibraryId(uuid(rs, "LIBRARY_ID"));
                m.locationType = ObjectType.ofCode(rs.getInt("LOCATION_TYPE"));
                m.location = location(m.locationType, id(rs, "LOCATION_ID", Function.identity()));
                m.homeSlot = id(rs, "HOME_SLOT_ID", SlotId::new);
                m.enabled = rs.getInt("ENABLED") != 0;
                m.state = MediaState.ofCode(rs.getInt("MEDIA_STATE"));
                m.mountedSide = id(rs, "MOUNTED_SIDE_ID", SideId::new);
                m.name = rs.getString("NAME");
                return m;
            });
            load(c, "SIDE", all, rs -> {
                Side s = new Side();
                s.id = new SideId(uuid(rs, "ID"));
                s.medium = new PhysicalMediaId(uuid(rs, "PHYSICAL_MEDIA_ID"));
                s.number = rs.getInt("SIDE_NUMBER");
                s.state = SideState.ofCode(rs.getInt("STATE"));
                s.logicalMedia = id(rs, "LOGICAL_MEDIA_ID", LogicalMediaId::new);
                s.mountCount = rs.getLong("MOUNT_COUNT");
                s.allocateCount = rs.getInt("ALLOCATE_COUNT");
                s.capacity = rs.getLong("CAPACITY");
                int omid = rs.getInt("OMID_TYPE");
                s.omidType = omid == 0 ? null : OmidLabelType.ofCode(omid);
                s.omidLabel = rs.getBytes("OMID_LABEL");
                s.staleData = rs.getInt("STALE_DATA") != 0;
                return s;
            });
            load(c, "LOGICAL_MEDIA", all, rs -> {
                Logical l = new Logical();
                l.id = new LogicalMediaId(uuid(rs, "ID"));
                l.name = rs.getString("NAME");
                l.side = new SideId(uuid(rs, "SIDE_ID"));
                l.pool = new MediaPoolId(uuid(rs, "POOL_ID"));
                l.pendingTx = rs.getString("PENDING_TX");
                l.pendingUndo = rs.getString("PENDING_UNDO");
                return l;
            });
            return all;
        });
    }

    private static RsmId location(ObjectType type, UUID id) {
        if (id == null) {
            return null;
        }
        return switch (type) {
            case STORAGESLOT -> new SlotId(id);
            case DRIVE -> new DriveId(id);
            case IEPORT -> new PortId(id);
            case LIBRARY -> new LibraryId(id);
            default -> throw new IllegalStateException("a cartridge cannot be in a " + type);
        };
    }

    @FunctionalInterface
    private interface RowReader {
        public Entity read(ResultSet rs) throws SQLException;
    }

    private static void load(Connection c, String table, List<Entity> into, RowReader reader) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) {
                into.add(reader.read(rs));
            }
        }
    }

    private static UUID uuid(ResultSet rs, String column) throws SQLException {
        return UUID.fromString(rs.getString(column).trim());
    }

    private static <I> I id(ResultSet rs, String column, Function<UUID, I> make) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : make.apply(UUID.fromString(s.trim()));
    }
}
