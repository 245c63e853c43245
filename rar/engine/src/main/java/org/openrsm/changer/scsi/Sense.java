package org.openrsm.changer.scsi;

import java.util.List;
import org.openrsm.changer.ChangerFault;

/**
 * SCSI sense data of a failed command (SPC-4 §4.5): sense key, additional sense code (ASC) and qualifier (ASCQ),
 * decoded once into the {@link ChangerFault} the engine acts on.
 */
public record Sense(int key, int asc, int ascq) {
    public static final int NO_SENSE = 0x0;
    public static final int RECOVERED_ERROR = 0x1;
    public static final int NOT_READY = 0x2;
    public static final int MEDIUM_ERROR = 0x3;
    public static final int HARDWARE_ERROR = 0x4;
    public static final int ILLEGAL_REQUEST = 0x5;
    public static final int UNIT_ATTENTION = 0x6;
    public static final int DATA_PROTECT = 0x7;
    public static final int BLANK_CHECK = 0x8;
    public static final int ABORTED_COMMAND = 0xB;

    /** The names of the sense keys as SPC and mtx print them ("Not Ready"), by key. */
    public static final List<String> KEY_NAMES = List.of("No Sense", "Recovered Error", "Not Ready", "Medium Error",
            "Hardware Error", "Illegal Request", "Unit Attention", "Data Protect", "Blank Check", "Vendor Specific",
            "Copy Aborted", "Aborted Command", "Equal", "Volume Overflow", "Miscompare", "Reserved");

    public Sense {
        if (key < 0 || key > 0xF || asc < 0 || asc > 0xFF || ascq < 0 || ascq > 0xFF) {
            throw new IllegalArgumentException("sense key " + key + ", ASC " + asc + ", ASCQ " + ascq + " out of range");
        }
    }

    /**
     * Sense data as a device returns it, fixed (70h/71h) or descriptor format (72h/73h); null when there is none
     * or it is too short to hold a key.
     */
    public static Sense parse(byte[] data, int length) {
        if (data == null || length < 3) {
            return null;
        }
        int code = data[0] & 0x7F;
        if (code == 0x72 || code == 0x73) {
            return length < 4 ? null : new Sense(data[1] & 0x0F, data[2] & 0xFF, length > 3 ? data[3] & 0xFF : 0);
        }
        if (code == 0x70 || code == 0x71) {
            return new Sense(data[2] & 0x0F, length > 12 ? data[12] & 0xFF : 0, length > 13 ? data[13] & 0xFF : 0);
        }
        return null;
    }

    /** The sense key by its name as mtx prints it ({@code Hardware Error}), or -1. */
    public static int keyNamed(String name) {
        return KEY_NAMES.indexOf(name.strip());
    }

    /** What kind of changer failure this sense reports. */
    public ChangerFault fault() {
        return switch (key) {
            case NOT_READY -> asc == 0x3A ? ChangerFault.SOURCE_EMPTY : ChangerFault.TRANSIENT;
            case UNIT_ATTENTION -> ChangerFault.NEEDS_INVENTORY;
            case ABORTED_COMMAND -> ChangerFault.TRANSIENT;
            case HARDWARE_ERROR, MEDIUM_ERROR -> ChangerFault.HARDWARE;
            case ILLEGAL_REQUEST -> illegalRequest();
            default -> ChangerFault.FAILED;
        };
    }

    private ChangerFault illegalRequest() {
        if (asc == 0x3B && ascq == 0x0E || asc == 0x3A) {
            return ChangerFault.SOURCE_EMPTY;         // medium source element empty; medium not present
        }
        if (asc == 0x3B && ascq == 0x0D) {
            return ChangerFault.DESTINATION_FULL;     // medium destination element full
        }
        if (asc == 0x53 || asc == 0x3B && ascq == 0x0F) {
            return ChangerFault.DRIVE_NOT_UNLOADED;   // medium removal prevented; end of medium reached
        }
        if (asc == 0x20 || asc == 0x21 || asc == 0x24 || asc == 0x25) {
            return ChangerFault.NOT_PRESENT;          // invalid command, element address, field in CDB, LUN
        }
        return ChangerFault.FAILED;
    }

    /** {@code HARDWARE ERROR 15/01 (mechanical positioning error)}. */
    @Override
    public String toString() {
        String meaning = meaning();
        return KEY_NAMES.get(key).toUpperCase() + String.format(" %02X/%02X", asc, ascq)
                + (meaning == null ? "" : " (" + meaning + ")");
    }

    /** The meaning of the ASC/ASCQ pairs a changer reports most, or null. */
    public String meaning() {
        int code = asc << 8 | ascq;
        return switch (code) {
            case 0x0400 -> "not ready, cause not reportable";
            case 0x0401 -> "becoming ready";
            case 0x0403 -> "manual intervention required";
            case 0x0483 -> "door open";
            case 0x048E -> "library not in random mode";
            case 0x0402 -> "initializing command required";
            case 0x1501 -> "mechanical positioning error";
            case 0x2000 -> "invalid command operation code";
            case 0x2101 -> "invalid element address";
            case 0x2400 -> "invalid field in CDB";
            case 0x2500 -> "logical unit not supported";
            case 0x2800 -> "not ready to ready change, medium may have changed";
            case 0x2900 -> "power on, reset or bus device reset";
            case 0x3003 -> "cleaning cartridge installed";
            case 0x3A00 -> "medium not present";
            case 0x3B0D -> "medium destination element full";
            case 0x3B0E -> "medium source element empty";
            case 0x3B11 -> "medium magazine not accessible";
            case 0x3F01 -> "microcode has been changed";
            case 0x5302 -> "medium removal prevented";
            case 0x8300 -> "door open (vendor)";
            default -> null;
        };
    }
}
