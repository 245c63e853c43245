package org.openrsm.changer;

/** How {@code RsmServer} gets a changer: a driver's configuration that can open it. */
public interface ChangerSpec {
    /** The library's name. */
    String name();

    /** Opens (connects to) the changer. */
    Changer open() throws ChangerException;

    /**
     * The drives' data, for a server that does not drive the library's robot (it stands by on a shared catalog): its
     * {@link DataPath#openMedium} must check what the drive holds now, not what this server last moved. A driver that
     * asks the library each time (SCSI READ ELEMENT STATUS, mtx status) opens its changer for it, and moves nothing.
     */
    default DataPath dataPath() throws ChangerException {
        return open();
    }

    /** A library name: 1 to 64 letters, digits, '_', '.' or '-' (it names folders, MBeans and log lines). */
    static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 64 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("library name '" + name
                    + "' must have 1 to 64 letters, digits, '_', '.' or '-'");
        }
        return name;
    }
}
