package org.openrsm.api;

/** RSM object types ({@code NtmsObjectsTypes}, RSM.md §1.2): names without {@code NTMS_}, RSM's numbers. */
public enum ObjectType {
    UNKNOWN(0, "object"),
    OBJECT(1, "object"),
    CHANGER(2, "changer"),
    CHANGER_TYPE(3, "changer type"),
    COMPUTER(4, "computer"),
    DRIVE(5, "drive"),
    DRIVE_TYPE(6, "drive type"),
    IEDOOR(7, "door"),
    IEPORT(8, "IE port"),
    LIBRARY(9, "library"),
    LIBREQUEST(10, "library request"),
    LOGICAL_MEDIA(11, "logical medium"),
    MEDIA_POOL(12, "media pool"),
    MEDIA_TYPE(13, "media type"),
    PARTITION(14, "side"),
    PHYSICAL_MEDIA(15, "physical medium"),
    STORAGESLOT(16, "slot"),
    OPREQUEST(17, "operator request"),
    UI_DESTINATION(18, "UI destination");

    private final int code;
    private final String displayName;

    ObjectType(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /** RSM's number for this type. */
    public int code() {
        return code;
    }

    /** The word used for this type in messages, e.g. "side" for {@link #PARTITION}. */
    public String displayName() {
        return displayName;
    }

    public static ObjectType ofCode(int code) {
        for (ObjectType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("no RSM object type has number " + code);
    }
}
