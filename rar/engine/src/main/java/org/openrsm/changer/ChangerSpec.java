package org.openrsm.changer;

/** How {@code RsmServer} gets a changer: a driver's configuration that can open it. */
public interface ChangerSpec {
    /** The library's name. */
    String name();

    /** Opens (connects to) the changer. */
    Changer open() throws ChangerException;
}
