package org.openrsm.changer.mtx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerSpec;

/**
 * A SCSI tape library driven through Debian's {@code mtx} (package mtx): the changer device (e.g. {@code /dev/sg3}
 * or {@code /dev/tape/by-id/scsi-…-changer}), the tape device of each drive in the changer's drive order, and
 * how long mtx may take. {@link #open()} reads the element status once: the geometry is what the library reports.
 */
public final class MtxLibrary implements ChangerSpec {
    private final String name;
    private String changerDevice;
    private String command = "mtx";
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> driveDevices = new ArrayList<>();
    private String mediaType = "LTO_Ultrium";
    private Duration commandTimeout = Duration.ofMinutes(5);
    private Duration inventoryTimeout = Duration.ofMinutes(30);
    private Duration notReadyWait = Duration.ofMinutes(2);
    private Duration firstRetry = Duration.ofSeconds(1);
    private boolean unloadDrives = true;
    private Integer eepos;

    private MtxLibrary(String name) {
        this.name = ChangerSpec.checkName(name);
    }

    public static MtxLibrary named(String name) {
        return new MtxLibrary(name);
    }

    /** The changer's SCSI generic device, given to {@code mtx -f}. */
    public MtxLibrary changerDevice(String device) {
        this.changerDevice = nonBlank(device, "changerDevice");
        return this;
    }

    /** The mtx program (default {@code mtx} on the PATH). */
    public MtxLibrary command(String command) {
        this.command = nonBlank(command, "command");
        return this;
    }

    /** An environment variable for every mtx run (e.g. {@code LD_PRELOAD} of a transport shim). */
    public MtxLibrary environment(String variable, String value) {
        environment.put(nonBlank(variable, "environment variable"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * The tape device of each drive, in the changer's drive order (mtx drive 0 first): a path such as
     * {@code /dev/nst0} or {@code /dev/tape/by-id/…-nst}, or an {@code iscsi://host:port/target/lun} URL.
     */
    public MtxLibrary driveDevices(List<String> devices) {
        driveDevices.clear();
        for (String d : devices) {
            driveDevices.add(nonBlank(d, "drive device"));
        }
        return this;
    }

    /** The RSM media type of the drives and cartridges (default {@code LTO_Ultrium}). */
    public MtxLibrary mediaType(String mediaType) {
        this.mediaType = nonBlank(mediaType, "mediaType");
        return this;
    }

    /** How long one mtx command may take before it is killed (default 5 minutes; an inventory gets 30). */
    public MtxLibrary commandTimeout(Duration timeout) {
        this.commandTimeout = positive(timeout, "commandTimeout");
        return this;
    }

    /** How long a NOT READY library is waited for, retrying with back-off from 1 s (default 2 minutes). */
    public MtxLibrary notReadyWait(Duration wait) {
        this.notReadyWait = Objects.requireNonNull(wait, "notReadyWait");
        return this;
    }

    /** Whether a drive is told to unload (eject) its cartridge before the robot takes it (default true). */
    public MtxLibrary unloadDrives(boolean unload) {
        this.unloadDrives = unload;
        return this;
    }

    /**
     * For libraries whose mail slot the robot must retract or extend with a move (mtx {@code eepos}: 0 leave it,
     * 1 retract, 2 extend): given with every move into or out of a mail slot.
     */
    public MtxLibrary eepos(int eepos) {
        if (eepos < 0 || eepos > 3) {
            throw new IllegalArgumentException("eepos must be 0 to 3, not " + eepos);
        }
        this.eepos = eepos;
        return this;
    }

    MtxLibrary firstRetry(Duration delay) {
        this.firstRetry = positive(delay, "firstRetry");
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Changer open() throws ChangerException {
        if (changerDevice == null) {
            throw new ChangerException("library " + name + ": no changer device configured for the mtx driver");
        }
        MtxRunner runner = new MtxRunner(name, command, changerDevice, Map.copyOf(environment), commandTimeout,
                inventoryTimeout, notReadyWait, firstRetry);
        return new MtxChanger(name, runner, List.copyOf(driveDevices), mediaType, unloadDrives, eepos);
    }

    private static String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value.strip();
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
        return d;
    }
}
