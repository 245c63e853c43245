package org.openrsm.engine;

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
final class Model {
    private Model() {
    }

    static final class Library extends Entity {
        LibraryId id;
        String name;
        LibraryType type;
        boolean enabled = true;
        OperationalState operationalState = OperationalState.READY;
        List<MediaTypeId> mediaTypes = new ArrayList<>();
        /** the slot reserved for the cleaner ({@code ReserveNtmsCleanerSlot}), null if none */
        SlotId cleanerSlot;
        /** bar code of the cleaner cartridge in the library, null if none */
        String cleanerBarCode;
        int cleanerUses;
        /** the door was opened ({@code AccessNtmsLibraryDoor}) and no inventory has run since */
        boolean doorOpen;
        Acl acl = Acls.EVERYONE_USE;

        @Override
        LibraryId id() {
            return id;
        }

        @Override
        String table() {
            return "LIBRARY";
        }

        @Override
        void columns(Map<String, Object> row) {
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
        Library duplicate() {
            Library l = copy();
            l.mediaTypes = new ArrayList<>(mediaTypes);
            return l;
        }
    }

    static final class MediaType extends Entity {
        MediaTypeId id;
        String name;
        int code;
        int sides = 1;

        @Override
        MediaTypeId id() {
            return id;
        }

        @Override
        String table() {
            return "MEDIA_TYPE";
        }

        @Override
        void columns(Map<String, Object> row) {
            row.put("NAME", name);
            row.put("CODE", code);
            row.put("SIDES", sides);
        }
    }

    static final class Drive extends Entity {
        DriveId id;
        LibraryId library;
        String name;
        int number;
        DriveState state = DriveState.DISMOUNTED;
        boolean enabled = true;
        OperationalState operationalState = OperationalState.READY;
        /** the side in the drive ({@code SavedPartitionId}); null when empty */
        SideId side;
        long mountCount;
        Duration deferDismountDelay = Duration.ofSeconds(300);
        Instant lastCleaned;
        String deviceName;

        @Override
        DriveId id() {
            return id;
        }

        @Override
        String table() {
            return "DRIVE";
        }

        @Override
        void columns(Map<String, Object> row) {
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

    static final class Slot extends Entity {
        SlotId id;
        LibraryId library;
        int number;
        SlotState state = SlotState.EMPTY;

        @Override
        SlotId id() {
            return id;
        }

        @Override
        String table() {
            return "SLOT";
        }

        @Override
        void columns(Map<String, Object> row) {
            row.put("LIBRARY_ID", text(library));
            row.put("NUMBER", number);
            row.put("STATE", state.code());
        }
    }

    static final class Port extends Entity {
        PortId id;
        LibraryId library;
        int number;
        PortContent content = PortContent.EMPTY;

        @Override
        PortId id() {
            return id;
        }

        @Override
        String table() {
            return "IE_PORT";
        }

        @Override
        void columns(Map<String, Object> row) {
            row.put("LIBRARY_ID", text(library));
            row.put("NUMBER", number);
            row.put("CONTENT", content.code());
        }
    }

    static final class Pool extends Entity {
        MediaPoolId id;
        String name;
        String path;
        PoolType type;
        MediaTypeId mediaType;
        MediaPoolId parent;
        MediaPoolPolicy policy = MediaPoolPolicy.DEFAULT;
        Acl acl = Acls.EVERYONE_USE;

        @Override
        MediaPoolId id() {
            return id;
        }

        @Override
        String table() {
            return "MEDIA_POOL";
        }

        @Override
        void columns(Map<String, Object> row) {
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

    static final class Medium extends Entity {
        PhysicalMediaId id;
        /** the name given with {@code SetNtmsObjectInformation}; null: the bar code names it */
        String name;
        String barCode;
        MediaTypeId mediaType;
        MediaPoolId pool;
        LibraryId library;
        /** STORAGESLOT, DRIVE or IEPORT */
        ObjectType locationType;
        RsmId location;
        SlotId homeSlot;
        boolean enabled = true;
        MediaState state = MediaState.IDLE;
        SideId mountedSide;
        List<SideId> sides = new ArrayList<>();

        @Override
        PhysicalMediaId id() {
            return id;
        }

        @Override
        String table() {
            return "PHYSICAL_MEDIA";
        }

        @Override
        void columns(Map<String, Object> row) {
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
        Medium duplicate() {
            Medium m = copy();
            m.sides = new ArrayList<>(sides);
            return m;
        }

        String label() {
            return barCode != null ? "cartridge " + barCode : "cartridge " + id;
        }
    }

    static final class Side extends Entity {
        SideId id;
        PhysicalMediaId medium;
        int number;
        SideState state = SideState.AVAILABLE;
        LogicalMediaId logicalMedia;
        long mountCount;
        int allocateCount;
        long capacity;
        /** the on-media identifier the application reported ({@code UpdateNtmsOmidInfo}); null until then */
        OmidLabelType omidType;
        byte[] omidLabel;

        @Override
        SideId id() {
            return id;
        }

        @Override
        String table() {
            return "SIDE";
        }

        @Override
        void columns(Map<String, Object> row) {
            row.put("PHYSICAL_MEDIA_ID", text(medium));
            row.put("SIDE_NUMBER", number);
            row.put("STATE", state.code());
            row.put("LOGICAL_MEDIA_ID", text(logicalMedia));
            row.put("MOUNT_COUNT", mountCount);
            row.put("ALLOCATE_COUNT", allocateCount);
            row.put("CAPACITY", capacity);
            row.put("OMID_TYPE", omidType == null ? 0 : omidType.code());
            row.put("OMID_LABEL", omidLabel);
        }
    }

    static final class Logical extends Entity {
        LogicalMediaId id;
        String name;
        SideId side;
        MediaPoolId pool;
        /** the transaction branch that allocated it and has not committed yet (RSM: not visible to others) */
        String pendingTx;
        /** how to undo the allocation if that branch rolls back ({@link Transactions#undoAllocation}) */
        String pendingUndo;

        @Override
        LogicalMediaId id() {
            return id;
        }

        @Override
        String table() {
            return "LOGICAL_MEDIA";
        }

        @Override
        void columns(Map<String, Object> row) {
            row.put("NAME", name);
            row.put("SIDE_ID", text(side));
            row.put("POOL_ID", text(pool));
            row.put("PENDING_TX", pendingTx);
            row.put("PENDING_UNDO", pendingUndo);
        }
    }
}
