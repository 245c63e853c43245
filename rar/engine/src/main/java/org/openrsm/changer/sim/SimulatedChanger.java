package org.openrsm.changer.sim;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.ElementType;

/** The simulated robot: element contents in memory, mirrored to {@code changer.properties} after every move. */
final class SimulatedChanger implements Changer {
    private static final Logger LOG = Logger.getLogger(SimulatedChanger.class.getName());

    private final String name;
    private final String mediaType;
    private final Path folder;
    private volatile Duration robotMoveTime;
    private final Duration driveLoadTime;
    private final String[] drives;
    private final String[] slots;
    private final String[] ports;
    /** the element status on disk: a snapshot and a journal of moves */
    private final StatusFile status;

    SimulatedChanger(String name, int driveCount, int slotCount, int portCount, String mediaType, int cartridges,
                     Path folder, Duration robotMoveTime, Duration driveLoadTime, String prefix, String suffix)
            throws ChangerException {
        this.name = name;
        this.mediaType = mediaType;
        this.folder = folder;
        this.robotMoveTime = robotMoveTime;
        this.driveLoadTime = driveLoadTime;
        this.drives = new String[driveCount];
        this.slots = new String[slotCount];
        this.ports = new String[portCount];
        this.status = new StatusFile(name, folder, drives, slots, ports);
        try {
            Files.createDirectories(folder);
            if (status.exists()) {
                status.load();
            } else {
                for (int i = 0; i < cartridges; i++) {
                    slots[i] = String.format("%s%05d%s", prefix, i + 1, suffix);
                }
                status.writeSnapshot();
            }
        } catch (IOException e) {
            throw new ChangerException("library " + name + ": cannot use data folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Changes how long the next robot moves take (SimulatedLibrary.robotMoveTime on a library already opened). */
    void robotMoveTime(Duration time) {
        robotMoveTime = time;
    }

    @Override
    public String libraryName() {
        return name;
    }

    @Override
    public int driveCount() {
        return drives.length;
    }

    @Override
    public int slotCount() {
        return slots.length;
    }

    @Override
    public int portCount() {
        return ports.length;
    }

    @Override
    public List<String> mediaTypes() {
        return List.of(mediaType);
    }

    @Override
    public synchronized List<ElementStatus> elementStatus() throws ChangerException {
        reachable();
        contentsChanged = null;   // the library has taken stock, and says what it holds
        return contents();
    }

    /** What is really in the library, whatever the scanner reads (for tests that compare). */
    synchronized List<ElementStatus> contents() {
        List<ElementStatus> status = new ArrayList<>();
        add(status, ElementType.DRIVE, drives);
        add(status, ElementType.SLOT, slots);
        add(status, ElementType.PORT, ports);
        return status;
    }

    private void add(List<ElementStatus> status, ElementType type, String[] elements) {
        for (int i = 0; i < elements.length; i++) {
            Element e = new Element(type, i + 1);
            String barCode = elements[i];
            status.add(barCode == null ? ElementStatus.empty(e)
                    : unreadable.contains(barCode) ? ElementStatus.holding(e, null) : ElementStatus.holding(e, barCode));
        }
    }

    // ---- faults (DESIGN.md §7): each lasts until cleared, but the one-shot failNextMove

    /** The next move fails with this reason; null: none. */
    private String nextFailure;
    /** every move fails with this reason (a jammed robot); null: none */
    private String jammed;
    /** drives whose loads fail once the cartridge is in (a drive that fails mid-load) */
    private final java.util.Set<Integer> failingDrives = new java.util.HashSet<>();
    /** slots the robot cannot reach */
    private final java.util.Set<Integer> blockedSlots = new java.util.HashSet<>();
    /** bar codes the scanner cannot read: reported as a full element without a bar code */
    private final java.util.Set<String> unreadable = new java.util.HashSet<>();
    /** the library does not answer (cable pulled, powered off) */
    private boolean gone;
    /**
     * An operator changed what the slots hold with the door open: as a SCSI library reports UNIT ATTENTION to the
     * next command, the next move is refused (NEEDS_INVENTORY) unless the element status was read first.
     */
    private String contentsChanged;

    synchronized void failNextMove(String reason) {
        this.nextFailure = reason;
    }

    synchronized void jam(String reason) {
        this.jammed = reason;
    }

    synchronized void failLoads(int drive) {
        failingDrives.add(drive);
    }

    synchronized void blockSlot(int slot) {
        blockedSlots.add(slot);
    }

    synchronized void hideBarCode(String barCode) {
        unreadable.add(barCode);
    }

    synchronized void goAway() {
        gone = true;
    }

    synchronized void clearFaults() {
        nextFailure = null;
        jammed = null;
        failingDrives.clear();
        blockedSlots.clear();
        unreadable.clear();
        gone = false;
    }

    private void reachable() throws ChangerException {
        if (gone) {
            throw new ChangerException(ChangerFault.TRANSIENT, "library " + name
                    + " does not answer (powered off or disconnected)", (Element) null);
        }
    }

    /** An operator puts a cartridge into an empty element from outside (IE port, or a slot with the door open). */
    synchronized void put(Element e, String barCode) throws ChangerException {
        if (get(e) != null) {
            throw new ChangerException("library " + name + ": " + e + " is full (" + get(e) + ")");
        }
        set(e, barCode);
        persist(e, barCode);
        doorOpened(e, "put " + barCode + " into " + e);
    }

    private void doorOpened(Element e, String what) {
        if (e.type() != ElementType.PORT) {
            contentsChanged = "an operator " + what + " with the door open";
        }
    }

    /** An operator takes the cartridge out of an element. */
    synchronized String take(Element e) throws ChangerException {
        String barCode = get(e);
        if (barCode == null) {
            throw new ChangerException("library " + name + ": " + e + " is empty");
        }
        set(e, null);
        persist(e, null);
        doorOpened(e, "took " + barCode + " out of " + e);
        return barCode;
    }

    private void persist(Element e, String barCode) throws ChangerException {
        Map<String, String> changed = new LinkedHashMap<>();
        changed.put(key(e), barCode);
        try {
            status.record(changed);
        } catch (IOException x) {
            throw new ChangerException("library " + name + ": could not save the element status: " + x.getMessage(), x);
        }
    }

    /** The element's name in the status file: {@code drive.1}, {@code slot.12}, {@code port.2}. */
    private static String key(Element e) {
        return e.type().name().toLowerCase(java.util.Locale.ROOT) + "." + e.number();
    }

    @Override
    public String mediaLabel(String barCode) {
        try {
            Path data = folder.resolve(barCode + ".data");
            return Files.exists(data) && Files.size(data) > 0 ? "OpenRSM" : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void move(Element source, Element destination) throws ChangerException {
        synchronized (this) {
            reachable();
            if (contentsChanged != null) {
                String why = contentsChanged;
                contentsChanged = null;
                throw new ChangerException(ChangerFault.NEEDS_INVENTORY, "library " + name + ": its contents may have "
                        + "changed (" + why + "); nothing was moved from " + source + " to " + destination, (Element) null);
            }
            if (nextFailure != null || jammed != null) {
                String reason = nextFailure != null ? nextFailure : jammed;
                nextFailure = null;
                throw new ChangerException("library " + name + ": moving " + source + " to " + destination + " failed: " + reason);
            }
            for (Element e : List.of(source, destination)) {
                if (e.type() == ElementType.SLOT && blockedSlots.contains(e.number())) {
                    throw new ChangerException("library " + name + ": the robot cannot reach " + e + " (blocked)", e);
                }
            }
            String cartridge = get(source);
            if (cartridge == null) {
                throw new ChangerException(ChangerFault.SOURCE_EMPTY, "library " + name + ": source " + source + " is empty",
                        source);
            }
            if (get(destination) != null) {
                throw new ChangerException(ChangerFault.DESTINATION_FULL, "library " + name + ": destination " + destination
                        + " is full (" + get(destination) + ")", destination);
            }
        }
        pause(robotMoveTime);
        synchronized (this) {
            String cartridge = get(source);
            set(source, null);
            set(destination, cartridge);
            Map<String, String> changed = new LinkedHashMap<>();
            changed.put(key(source), null);
            changed.put(key(destination), cartridge);
            try {
                status.record(changed);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "library " + name + ": could not save element status", e);
            }
        }
        if (destination.type() == ElementType.DRIVE) {
            pause(driveLoadTime);
            synchronized (this) {
                if (failingDrives.contains(destination.number())) {
                    // the cartridge is in the drive, but the drive did not load it
                    throw new ChangerException("library " + name + ": " + destination + " failed to load " + get(destination),
                            destination);
                }
            }
        }
    }

    private static void pause(Duration d) throws ChangerException {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChangerException("robot move interrupted", e);
        }
    }

    private String[] elements(Element e) throws ChangerException {
        String[] elements = switch (e.type()) {
            case DRIVE -> drives;
            case SLOT -> slots;
            case PORT -> ports;
        };
        if (e.number() > elements.length) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + " has no " + e + " (it has "
                    + elements.length + ")", e);
        }
        return elements;
    }

    private String get(Element e) throws ChangerException {
        return elements(e)[e.number() - 1];
    }

    private void set(Element e, String barCode) throws ChangerException {
        elements(e)[e.number() - 1] = barCode;
    }

    @Override
    public SeekableByteChannel openMedium(int drive, String barCode, int side, boolean write) throws ChangerException {
        String cartridge;
        synchronized (this) {
            reachable();
            cartridge = get(Element.drive(drive));
        }
        return openData(name, folder, drive, cartridge, barCode, side, write);
    }

    /**
     * The data of side {@code side} of {@code barCode}, one file per side in {@code folder}, once drive {@code drive}
     * was seen holding {@code cartridge}: refused if that is not the bar code asked for.
     */
    static SeekableByteChannel openData(String name, Path folder, int drive, String cartridge, String barCode, int side,
                                        boolean write) throws ChangerException {
        if (cartridge == null) {
            throw new ChangerException("library " + name + ": drive " + drive + " is empty, " + barCode + " is not in it");
        }
        if (!cartridge.equals(barCode)) {
            throw new ChangerException("library " + name + ": drive " + drive + " holds " + cartridge + ", not " + barCode);
        }
        Path data = folder.resolve(cartridge + (side == 0 ? "" : "-side" + side) + ".data");
        try {
            return write
                    ? new TapeFile(FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
                    : Files.exists(data) ? FileChannel.open(data, StandardOpenOption.READ) : new EmptyChannel();
        } catch (IOException e) {
            throw new ChangerException("library " + name + ": cannot open the data of " + cartridge + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String deviceName(int drive) {
        return "sim://" + name + "/drive" + drive;
    }

    @Override
    public void close() {
        // the element status is recorded after every move; nothing is held open
    }
}
