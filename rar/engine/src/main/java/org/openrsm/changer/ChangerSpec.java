package org.openrsm.changer;

/** How {@code RsmServer} gets a changer: a driver's configuration that can open it. */
public interface ChangerSpec {
    /** The library's name. */
    String name();

    /** Opens (connects to) the changer. */
    Changer open() throws ChangerException;

    /** A library name: 1 to 64 letters, digits, '_', '.' or '-' (it names folders, MBeans and log lines). */
    static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 64 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("library name '" + name
                    + "' must have 1 to 64 letters, digits, '_', '.' or '-'");
        }
        return name;
    }
}
