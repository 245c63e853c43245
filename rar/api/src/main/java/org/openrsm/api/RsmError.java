package org.openrsm.api;

/**
 * RSM's errors with their Win32 numbers (RSM.md §8). The name is RSM's without {@code ERROR_}.
 */
public enum RsmError {
    ACCESS_DENIED(5, "missing access right"),
    INVALID_HANDLE(6, "bad or closed session"),
    NOT_ENOUGH_MEMORY(8, "allocation failure"),
    BAD_FORMAT(11, "label not recognised"),
    INVALID_DRIVE(15, "drive id invalid"),
    WRITE_PROTECT(19, "write mount of a completed side"),
    NOT_READY(21, "service still starting"),
    SHARING_VIOLATION(32, "export file open"),
    NOT_SUPPORTED(50, "operation not supported"),
    INVALID_PARAMETER(87, "missing or invalid argument"),
    CALL_NOT_IMPLEMENTED(120, "optional function absent"),
    INSUFFICIENT_BUFFER(122, "buffer too small"),
    INVALID_NAME(123, "name invalid or too long"),
    BUSY(170, "medium or drive busy"),
    ALREADY_EXISTS(183, "object exists"),
    NO_DATA(232, "notification channel broken"),
    CONNECTION_UNAVAIL(1201, "server unreachable"),
    CANCELLED(1223, "request cancelled"),
    NO_SECURITY_ON_OBJECT(1350, "object has no security"),
    /** Win32 ERROR_INTERNAL_ERROR: an OpenRSM defect stopped the call; the library's state was left consistent. */
    INTERNAL_ERROR(1359, "internal error"),
    TIMEOUT(1460, "wait expired, request cancelled"),
    NOT_CONNECTED(2250, "cannot reach the RSM service"),
    INVALID_MEDIA(4300, "medium id unknown or duplicate"),
    INVALID_LIBRARY(4301, "library id invalid"),
    INVALID_MEDIA_POOL(4302, "pool id invalid or illegal pool target"),
    DRIVE_MEDIA_MISMATCH(4303, "drive and medium incompatible"),
    MEDIA_OFFLINE(4304, "medium in the offline library"),
    LIBRARY_OFFLINE(4305, "library offline"),
    EMPTY(4306, "library, drive or pool empty"),
    NOT_EMPTY(4307, "must be empty"),
    MEDIA_UNAVAILABLE(4308, "no media available"),
    RESOURCE_DISABLED(4309, "resource disabled"),
    INVALID_CLEANER(4310, "not a valid cleaner"),
    UNABLE_TO_CLEAN(4311, "drive cannot be cleaned"),
    OBJECT_NOT_FOUND(4312, "object unknown"),
    DATABASE_FAILURE(4313, "unable to read from or write to the database"),
    DATABASE_FULL(4314, "database full"),
    MEDIA_INCOMPATIBLE(4315, "media type does not match"),
    RESOURCE_NOT_PRESENT(4316, "resource does not exist"),
    INVALID_OPERATION(4317, "unknown operation"),
    MEDIA_NOT_AVAILABLE(4318, "medium not ready or usable"),
    DEVICE_NOT_AVAILABLE(4319, "device not ready"),
    REQUEST_REFUSED(4320, "operator refused"),
    INVALID_DRIVE_OBJECT(4321, "not a drive"),
    LIBRARY_FULL(4322, "no free slot"),
    MEDIUM_NOT_ACCESSIBLE(4323, "transport cannot reach the medium"),
    UNABLE_TO_LOAD_MEDIUM(4324, "load into the drive failed"),
    UNABLE_TO_INVENTORY_DRIVE(4325, "drive status query failed"),
    UNABLE_TO_INVENTORY_SLOT(4326, "slot status query failed"),
    UNABLE_TO_INVENTORY_TRANSPORT(4327, "transport status query failed"),
    TRANSPORT_FULL(4328, "transport busy"),
    CONTROLLING_IEPORT(4329, "cannot open or close the IE port"),
    UNABLE_TO_EJECT_MOUNTED_MEDIA(4330, "medium is in a drive"),
    CLEANER_SLOT_SET(4331, "cleaner slot already reserved"),
    CLEANER_SLOT_NOT_SET(4332, "no cleaner slot reserved"),
    CLEANER_CARTRIDGE_SPENT(4333, "cleaner exhausted"),
    UNEXPECTED_OMID(4334, "label mismatch"),
    CANT_DELETE_LAST_ITEM(4335, "last item in group"),
    MESSAGE_EXCEEDS_MAX_SIZE(4336, "message too long"),
    VOLUME_CONTAINS_SYS_FILES(4337, "volume has system files"),
    INDIGENOUS_TYPE(4338, "media type still supported by a drive"),
    NO_SUPPORTING_DRIVES(4339, "no enabled drive can mount this medium"),
    CLEANER_CARTRIDGE_INSTALLED(4340, "cleaner present"),
    IEPORT_FULL(4341, "IE port not empty"),
    RESOURCE_NOT_AVAILABLE(5006, "resource unavailable"),
    INVALID_STATE(5023, "object not in the required state");

    private final int code;
    private final String meaning;

    RsmError(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The Win32 error number, e.g. 4300 for {@link #INVALID_MEDIA}. */
    public int code() {
        return code;
    }

    /** RSM's short meaning of the error. */
    public String meaning() {
        return meaning;
    }

    public static RsmError ofCode(int code) {
        for (RsmError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("no RSM error has number " + code);
    }
}
