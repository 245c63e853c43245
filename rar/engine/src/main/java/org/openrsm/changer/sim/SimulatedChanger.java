package org.openrsm.changer.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.ElementType;

/** The simulated robot: element contents in memory, mirrored to {@code changer.properties} after every move. */
final class SimulatedChanger implements Changer {
    private static final Logger LOG = Logger.getLogger(SimulatedChanger.class.getName());
    private static final String STATE_FILE = "changer.properties";

    private final String name;
    private final String mediaType;
    private final Path folder;
    private final Duration robotMoveTime;
    private final Duration driveLoadTime;
    private final String[] drives;
    private final String[] slots;
    private final String[] ports;

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
        try {
            Files.createDirectories(folder);
            Path state = folder.resolve(STATE_FILE);
            if (Files.exists(state)) {
                load(state);
            } else {
                for (int i = 0; i < cartridges; i++) {
                    slots[i] = String.format("%s%05d%s", prefix, i + 1, suffix);
                }
                save();
            }
        } catch (IOException e) {
            throw new ChangerException("library " + name + ": cannot use data folder " + folder + ": " + e.getMessage(), e);
        }
    }

    static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 64 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("library name '" + name
                    + "' must have 1 to 64 letters, digits, '_', '.' or '-'");
        }
        return name;
    }

    private void load(Path state) throws IOException, ChangerException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(state)) {
            p.load(in);
        }
        for (String key : p.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            int n = Integer.parseInt(parts[1]);
            String[] elements = switch (parts[0]) {
                case "drive" -> drives;
                case "slot" -> slots;
                case "port" -> ports;
                default -> throw new ChangerException("library " + name + ": unknown element '" + key + "' in " + state);
            };
            if (n < 1 || n > elements.length) {
                throw new ChangerException("library " + name + ": " + state + " names " + key
                        + ", but the library has only " + elements.length + " " + parts[0] + "s; was its geometry changed?");
            }
            elements[n - 1] = p.getProperty(key);
        }
    }

    private void save() throws IOException {
        Properties p = new Properties();
        put(p, "drive", drives);
        put(p, "slot", slots);
        put(p, "port", ports);
        Path tmp = folder.resolve(STATE_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "element status of simulated library " + name);
        }
        Files.move(tmp, folder.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void put(Properties p, String kind, String[] elements) {
        for (int i = 0; i < elements.length; i++) {
            if (elements[i] != null) {
                p.setProperty(kind + "." + (i + 1), elements[i]);
            }
        }
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
    public synchronized List<ElementStatus> elementStatus() {
        List<ElementStatus> status = new ArrayList<>();
        add(status, ElementType.DRIVE, drives);
        add(status, ElementType.SLOT, slots);
        add(status, ElementType.PORT, ports);
        return status;
    }

    private static void add(List<ElementStatus> status, ElementType type, String[] elements) {
        for (int i = 0; i < elements.length; i++) {
            Element e = new Element(type, i + 1);
            status.add(elements[i] == null ? ElementStatus.empty(e) : ElementStatus.holding(e, elements[i]));
        }
    }

    /** The next move fails with this reason (fault injection); null: none. */
    private String nextFailure;

    synchronized void failNextMove(String reason) {
        this.nextFailure = reason;
    }

    /** An operator puts a cartridge into an empty element from outside (IE port, or a slot with the door open). */
    synchronized void put(Element e, String barCode) throws ChangerException {
        if (get(e) != null) {
            throw new ChangerException("library " + name + ": " + e + " is full (" + get(e) + ")");
        }
        set(e, barCode);
        persist();
    }

    /** An operator takes the cartridge out of an element. */
    synchronized String take(Element e) throws ChangerException {
        String barCode = get(e);
        if (barCode == null) {
            throw new ChangerException("library " + name + ": " + e + " is empty");
        }
        set(e, null);
        persist();
        return barCode;
    }

    private void persist() throws ChangerException {
        try {
            save();
        } catch (IOException e) {
            throw new ChangerException("library " + name + ": could not save the element status: " + e.getMessage(), e);
        }
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
            if (nextFailure != null) {
                String reason = nextFailure;
                nextFailure = null;
                throw new ChangerException("library " + name + ": moving " + source + " to " + destination + " failed: " + reason);
            }
            String cartridge = get(source);
            if (cartridge == null) {
                throw new ChangerException("library " + name + ": source " + source + " is empty");
            }
            if (get(destination) != null) {
                throw new ChangerException("library " + name + ": destination " + destination + " is full ("
                        + get(destination) + ")");
            }
        }
        pause(robotMoveTime);
        synchronized (this) {
            String cartridge = get(source);
            set(source, null);
            set(destination, cartridge);
            try {
                save();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "library " + name + ": could not save element status", e);
            }
        }
        if (destination.type() == ElementType.DRIVE) {
            pause(driveLoadTime);
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
            throw new ChangerException("library " + name + " has no " + e + " (it has " + elements.length + ")");
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
    public SeekableByteChannel openMedium(int drive, int side, boolean write) throws ChangerException {
        String cartridge;
        synchronized (this) {
            cartridge = get(Element.drive(drive));
        }
        if (cartridge == null) {
            throw new ChangerException("library " + name + ": drive " + drive + " is empty");
        }
        Path data = folder.resolve(cartridge + (side == 0 ? "" : "-side" + side) + ".data");
        try {
            return write
                    ? FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
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
        // the element status is saved after every move; nothing is held open
    }
}
