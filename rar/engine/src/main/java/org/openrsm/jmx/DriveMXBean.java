package org.openrsm.jmx;

/**
 * A drive as a JMX console shows it: {@code org.openrsm:type=Drive,library=<library>,name=<drive>}. Every
 * change of {@code State} is sent as an {@code AttributeChangeNotification}.
 */
public interface DriveMXBean {
    /** The RSM drive state: DISMOUNTED, LOADED, UNLOADED, DISMOUNTABLE … */
    String getState();

    boolean isEnabled();

    String getOperationalState();

    /** Bar code of the cartridge in the drive, or null. */
    String getMediumBarCode();

    /** Application name of the session the medium is mounted for, or null. */
    String getSession();

    /** ISO-8601 time of the current mount, or null. */
    String getMountedSince();

    long getMountCount();

    long getDeferDismountDelaySeconds();

    void setDeferDismountDelaySeconds(long seconds);

    void enable();

    void disable();

    /** {@code DismountNtmsDrive}: sends the medium home, whoever mounted it. */
    void dismount();

    /** The drive's number in its library (1, 2, …). */
    int getNumber();

    /** The name of its library. */
    String getLibrary();

    /** The device path an application opens, e.g. {@code /dev/nst0} (the simulator's: {@code sim://…}). */
    String getDeviceName();

    /** The id of the side in the drive, or null. */
    String getMountedSide();

    /** ISO-8601 time of the last cleaning, or null. */
    String getLastCleaned();
}
