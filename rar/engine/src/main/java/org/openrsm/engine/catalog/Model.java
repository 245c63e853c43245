package org.openrsm.engine.catalog;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openrsm.api.Acl;
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
import org.openrsm.api.RsmId;
import org.openrsm.api.SideId;
import org.openrsm.api.SideState;
import org.openrsm.api.SlotId;
import org.openrsm.api.SlotState;

/** The catalog's entities (DESIGN.md §3), one class per RSM object type, fields named as in RSM.md §1. */
public final class Model {
    private Model() {
    }

    public static final class Library extends Entity {
        public LibraryId id;
        public String name;
        public LibraryType type;
        public boolean enabled = true;
        public OperationalState operationalState = OperationalState.READY;
        public List<MediaTypeId> mediaTypes = new ArrayList<>();
        /** the slot reserved for the cleaner ({@code ReserveNtmsCleanerSlot}), null if none */
        public SlotId cleanerSlot;
        /** bar code of the cleaner cartridge in the library, null if none */
        public String cleanerBarCode;
        public int cleanerUses;
        /** the door was opened ({@code AccessNtmsLibraryDoor}) and no inventory has run since */
        public boolean doorOpen;
        public Acl acl = Acls.EVERYONE_USE;

        @Override
        public LibraryId id() {
            return id;
        }

        @Override
        public String table() {
            return "LIBRARY";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("NAME", name);
            row.put("LIBRARY_TYPE", type.code());
            row.put("ENABLED", bool(enabled));
            row.put("OPERATIONAL_STATE", operationalState.code());
            row.put("MEDIA_TYPES", String.join(",", mediaTypes.stream().map(Entity::text).toList()));
            row.put("CLEANER_SLOT_ID", text(cleanerSlot));
            row.put("CLEANER_BAR_CODE", cleanerBarCode);
            row.put("CLEANER_USES", cleanerUses);
            row.put("DOOR_OPEN", bool(doorOpen));
            row.put("ACL", Acls.format(acl));
        }

        @Override
        public Library duplicate() {
            Library l = copy();
            l.mediaTypes = new ArrayList<>(mediaTypes);
            return l;
        }
    }

    public static final class MediaType extends Entity {
        public MediaTypeId id;
        public String name;
        public int code;
        public int sides = 1;

        @Override
        public MediaTypeId id() {
            return id;
        }

        @Override
        public String table() {
            return "MEDIA_TYPE";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("NAME", name);
            row.put("CODE", code);
            row.put("SIDES", sides);
        }
    }

    public static final class Drive extends Entity {
        public DriveId id;
        public LibraryId library;
        public String name;
        public int number;
        public DriveState state = DriveState.DISMOUNTED;
        public boolean enabled = true;
        public OperationalState operationalState = OperationalState.READY;
        /** the side in the drive ({@code SavedPartitionId}); null when empty */
        public SideId side;
        public long mountCount;
        public Duration deferDismountDelay = Duration.ofSeconds(300);
        public Instant lastCleaned;
        public String deviceName;

        @Override
        public DriveId id() {
            return id;
        }

        @Override
        public String table() {
            return "DRIVE";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("LIBRARY_ID", text(library));
            row.put("NAME", name);
            row.put("NUMBER", number);
            row.put("STATE", state.code());
            row.put("ENABLED", bool(enabled));
            row.put("OPERATIONAL_STATE", operationalState.code());
            row.put("SIDE_ID", text(side));
            row.put("MOUNT_COUNT", mountCount);
            row.put("DEFER_DISMOUNT_MILLIS", deferDismountDelay.toMillis());
            row.put("LAST_CLEANED", lastCleaned == null ? null : Timestamp.from(lastCleaned));
            row.put("DEVICE_NAME", deviceName);
        }
    }

    public static final class Slot extends Entity {
        public SlotId id;
        public LibraryId library;
        public int number;
        public SlotState state = SlotState.EMPTY;

        @Override
        public SlotId id() {
            return id;
        }

        @Override
        public String table() {
            return "SLOT";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("LIBRARY_ID", text(library));
            row.put("NUMBER", number);
            row.put("STATE", state.code());
        }
    }

    public static final class Port extends Entity {
        public PortId id;
        public LibraryId library;
        public int number;
        public PortContent content = PortContent.EMPTY;

        @Override
        public PortId id() {
            return id;
        }

        @Override
        public String table() {
            return "IE_PORT";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("LIBRARY_ID", text(library));
            row.put("NUMBER", number);
            row.put("CONTENT", content.code());
        }
    }

    public static final class Pool extends Entity {
        public MediaPoolId id;
        public String name;
        public String path;
        public PoolType type;
        public MediaTypeId mediaType;
        public MediaPoolId parent;
        public MediaPoolPolicy policy = MediaPoolPolicy.DEFAULT;
        public Acl acl = Acls.EVERYONE_USE;

        @Override
        public MediaPoolId id() {
            return id;
        }

        @Override
        public String table() {
            return "MEDIA_POOL";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("NAME", name);
            row.put("PATH", path);
            row.put("POOL_TYPE", type.code());
            row.put("MEDIA_TYPE_ID", text(mediaType));
            row.put("PARENT_ID", text(parent));
            row.put("ALLOCATE_FROM_FREE", bool(policy.allocateFromFree()));
            row.put("DEALLOCATE_TO_FREE", bool(policy.deallocateToFree()));
            row.put("MAX_ALLOCATIONS", policy.maxAllocations());
            row.put("ACL", Acls.format(acl));
        }
    }

    public static final class Medium extends Entity {
        public PhysicalMediaId id;
        /** the name given with {@code SetNtmsObjectInformation}; null: the bar code names it */
        public String name;
        public String barCode;
        public MediaTypeId mediaType;
        public MediaPoolId pool;
        public LibraryId library;
        /** STORAGESLOT, DRIVE or IEPORT */
        public ObjectType locationType;
        public RsmId location;
        public SlotId homeSlot;
        public boolean enabled = true;
        public MediaState state = MediaState.IDLE;
        public SideId mountedSide;
        public List<SideId> sides = new ArrayList<>();

        @Override
        public PhysicalMediaId id() {
            return id;
        }

        @Override
        public String table() {
            return "PHYSICAL_MEDIA";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("BAR_CODE", barCode);
            row.put("MEDIA_TYPE_ID", text(mediaType));
            row.put("POOL_ID", text(pool));
            row.put("LIBRARY_ID", text(library));
            row.put("LOCATION_TYPE", locationType.code());
            row.put("LOCATION_ID", text(location));
            row.put("HOME_SLOT_ID", text(homeSlot));
            row.put("ENABLED", bool(enabled));
            row.put("MEDIA_STATE", state.code());
            row.put("MOUNTED_SIDE_ID", text(mountedSide));
            row.put("NAME", name);
        }

        @Override
        public Medium duplicate() {
            Medium m = copy();
            m.sides = new ArrayList<>(sides);
            return m;
        }

        public String label() {
            return barCode != null ? "cartridge " + barCode : "cartridge " + id;
        }
    }

    public static final class Side extends Entity {
        public SideId id;
        public PhysicalMediaId medium;
        public int number;
        public SideState state = SideState.AVAILABLE;
        public LogicalMediaId logicalMedia;
        public long mountCount;
        public int allocateCount;
        public long capacity;
        /** the on-media identifier the application reported ({@code UpdateNtmsOmidInfo}); null until then */
        public OmidLabelType omidType;
        public byte[] omidLabel;
        /**
         * what the side holds was written for an owner that gave it back (a deallocation, or an allocation rolled
         * back): it reads blank until written again, so no owner sees a previous owner's data
         */
        public boolean staleData;

        @Override
        public SideId id() {
            return id;
        }

        @Override
        public String table() {
            return "SIDE";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("PHYSICAL_MEDIA_ID", text(medium));
            row.put("SIDE_NUMBER", number);
            row.put("STATE", state.code());
            row.put("LOGICAL_MEDIA_ID", text(logicalMedia));
            row.put("MOUNT_COUNT", mountCount);
            row.put("ALLOCATE_COUNT", allocateCount);
            row.put("CAPACITY", capacity);
            row.put("OMID_TYPE", omidType == null ? 0 : omidType.code());
            row.put("OMID_LABEL", omidLabel);
            row.put("STALE_DATA", staleData ? 1 : 0);
        }
    }

    public static final class Logical extends Entity {
        public LogicalMediaId id;
        public String name;
        public SideId side;
        public MediaPoolId pool;
        /** the transaction branch that allocated it and has not committed yet (RSM: not visible to others) */
        public String pendingTx;
        /** how to undo the allocation if that branch rolls back (Transactions.undoAllocation) */
        public String pendingUndo;

        @Override
        public LogicalMediaId id() {
            return id;
        }

        @Override
        public String table() {
            return "LOGICAL_MEDIA";
        }

        @Override
        public void columns(Map<String, Object> row) {
            row.put("NAME", name);
            row.put("SIDE_ID", text(side));
            row.put("POOL_ID", text(pool));
            row.put("PENDING_TX", pendingTx);
            row.put("PENDING_UNDO", pendingUndo);
        }
    }
}
