package org.openrsm.changer.tape;

/** The tape drive of a configured device: an {@code iscsi://} URL or the path of a Linux tape device. */
public final class TapeDrives {
    private TapeDrives() {
    }

    public static TapeDrive of(String device) {
        if (device.startsWith("iscsi://")) {
            return new IscsiTapeDrive(device);
        }
        return new DeviceTapeDrive(java.nio.file.Path.of(device));
    }
}
