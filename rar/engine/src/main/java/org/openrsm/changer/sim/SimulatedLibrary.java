package org.openrsm.changer.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.DataPath;

/**
 * The simulated library, OpenRSM's default changer (DESIGN.md §7): configurable geometry, robot move and
 * drive load times, and cartridges that really hold data, one file per side in the data folder. Its
 * element status lives in that folder too, so a restarted engine finds the cartridges where the robot
 * left them. At first start cartridges {@code A00001L8}, {@code A00002L8} … fill slots 1 … n.
 */
public final class SimulatedLibrary implements ChangerSpec {
    private final String name;
    private int drives = 2;
    private int slots = 20;
    private int ioPorts = 1;
    private String mediaType = "LTO_Ultrium";
    private int cartridges = -1;
    private Path dataFolder;
    private Duration robotMoveTime = Duration.ZERO;
    private Duration driveLoadTime = Duration.ZERO;
    private String barCodePrefix = "A";
    private String barCodeSuffix = "L8";
    private volatile SimulatedChanger changer;

    private SimulatedLibrary(String name) {
        this.name = ChangerSpec.checkName(name);
    }

    /** A simulated library called {@code name}: 2 drives, 20 slots, 1 IE port, LTO, full of cartridges. */
    public static SimulatedLibrary named(String name) {
        return new SimulatedLibrary(name);
    }

    public SimulatedLibrary drives(int drives) {
        this.drives = positive(drives, "drives");
        return this;
    }

    public SimulatedLibrary slots(int slots) {
        this.slots = positive(slots, "slots");
        return this;
    }

    public SimulatedLibrary ioPorts(int ioPorts) {
        if (ioPorts < 0) {
            throw new IllegalArgumentException("library " + name + ": ioPorts must be 0 or more, not " + ioPorts);
        }
        this.ioPorts = ioPorts;
        return this;
    }

    /** The RSM media type name of the drives and cartridges (RSM.md §1.5), e.g. {@code LTO_Ultrium}. */
    public SimulatedLibrary mediaType(String mediaType) {
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        return this;
    }

    /** How many cartridges are in slots 1 … n at first start (default: every slot). */
    public SimulatedLibrary cartridges(int cartridges) {
        if (cartridges < 0) {
            throw new IllegalArgumentException("library " + name + ": cartridges must be 0 or more, not " + cartridges);
        }
        this.cartridges = cartridges;
        return this;
    }

    /** Where the cartridges' data and the changer's element status are kept. */
    public SimulatedLibrary dataFolder(Path dataFolder) {
        this.dataFolder = Objects.requireNonNull(dataFolder, "dataFolder");
        return this;
    }

    /**
     * How long one robot move takes (zero in unit tests, seconds for a demo); on a library already opened, from its
     * next move on.
     */
    public SimulatedLibrary robotMoveTime(Duration time) {
        this.robotMoveTime = nonNegative(time, "robotMoveTime");
        SimulatedChanger c = changer;
        if (c != null) {
            c.robotMoveTime(robotMoveTime);
        }
        return this;
    }

    /** How long a drive takes to load a cartridge after the robot put it in. */
    public SimulatedLibrary driveLoadTime(Duration time) {
        this.driveLoadTime = nonNegative(time, "driveLoadTime");
        return this;
    }

    /** Bar codes are prefix + 5 digits + suffix ({@code A00001L8} by default). */
    public SimulatedLibrary barCodes(String prefix, String suffix) {
        this.barCodePrefix = Objects.requireNonNull(prefix, "prefix");
        this.barCodeSuffix = Objects.requireNonNull(suffix, "suffix");
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Changer open() throws ChangerException {
        int count = cartridges < 0 ? slots : cartridges;
        if (count > slots) {
            throw new ChangerException("library " + name + ": " + count + " cartridges do not fit in " + slots + " slots");
        }
        Path folder = dataFolder;
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("openrsm-" + name + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        changer = new SimulatedChanger(name, drives, slots, ioPorts, mediaType, count, folder, robotMoveTime,
                driveLoadTime, barCodePrefix, barCodeSuffix);
        return changer;
    }

    /**
     * The cartridges' data for a server standing by on a shared catalog, in the same data folder (a shared file
     * system): each open checks the drive against the element status the driving server recorded there.
     */
    @Override
    public DataPath dataPath() throws ChangerException {
        if (dataFolder == null) {
            throw new ChangerException("library " + name + " keeps its data in a temporary folder of the server driving "
                    + "it: configure a data folder that every server reaches");
        }
        return new SimulatedDataPath(name, dataFolder, drives, slots, ioPorts);
    }

    // ---- what an operator does by hand, and faults (for tests and demos)

    private SimulatedChanger opened() {
        SimulatedChanger c = changer;
        if (c == null) {
            throw new IllegalStateException("library " + name + " has not been opened");
        }
        return c;
    }

    /** An operator puts a cartridge into IE port {@code port} (from 1). */
    public void putInPort(int port, String barCode) throws ChangerException {
        opened().put(org.openrsm.changer.Element.port(port), barCode);
    }

    /** An operator takes the cartridge out of IE port {@code port}; returns its bar code. */
    public String takeFromPort(int port) throws ChangerException {
        return opened().take(org.openrsm.changer.Element.port(port));
    }

    /** An operator with the door open puts a cartridge into slot {@code slot}. */
    public void putInSlot(int slot, String barCode) throws ChangerException {
        opened().put(org.openrsm.changer.Element.slot(slot), barCode);
    }

    /** An operator with the door open takes the cartridge out of slot {@code slot}. */
    public String takeFromSlot(int slot) throws ChangerException {
        return opened().take(org.openrsm.changer.Element.slot(slot));
    }

    /** What is really in the library, each cartridge with its bar code, whatever faults are injected. */
    public java.util.List<org.openrsm.changer.ElementStatus> elementStatus() {
        return opened().contents();
    }

    /** The robot's next move fails with {@code reason} (a jam, a drive that does not load …). */
    public void failNextMove(String reason) {
        opened().failNextMove(reason);
    }

    /** Every move fails with {@code reason} until {@link #clearFaults()}: a jammed robot. */
    public void jamRobot(String reason) {
        opened().jam(Objects.requireNonNull(reason, "reason"));
    }

    /** Loads into drive {@code drive} (from 1) fail with the cartridge already in it, until {@link #clearFaults()}. */
    public void failLoads(int drive) {
        opened().failLoads(drive);
    }

    /** The robot cannot reach slot {@code slot} (from 1), until {@link #clearFaults()}. */
    public void blockSlot(int slot) {
        opened().blockSlot(slot);
    }

    /** The scanner cannot read {@code barCode}: its element reads as full without a bar code, until {@link #clearFaults()}. */
    public void hideBarCode(String barCode) {
        opened().hideBarCode(Objects.requireNonNull(barCode, "barCode"));
    }

    /** The library stops answering (powered off, cable pulled) until {@link #clearFaults()}. */
    public void goAway() {
        opened().goAway();
    }

    /** Every fault is cleared: the library works again, cartridges where the robot left them. */
    public void clearFaults() {
        opened().clearFaults();
    }

    private int positive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException("library " + name + ": " + what + " must be 1 or more, not " + n);
        }
        return n;
    }

    private Duration nonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("library " + name + ": " + what + " must be zero or more, not " + d);
        }
        return d;
    }
}
