package org.openrsm.changer.smc;

import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.ElementType;
import org.openrsm.changer.smc.ElementDescriptors.Descriptor;
import org.openrsm.changer.tape.TapeDrive;

/**
 * The native SMC driver: READ ELEMENT STATUS per element type with volume tags (never type 0: tgt crashes on it),
 * MOVE MEDIUM with the library's own transport, PREVENT/ALLOW MEDIUM REMOVAL for the door, INITIALIZE ELEMENT
 * STATUS after a UNIT ATTENTION, data through each drive's tape device. Slot {@code k} is the k-th storage element
 * by address, port {@code p} the p-th import/export element, drive {@code d} the d-th data transfer element.
 */
final class SmcChanger implements Changer {
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(10);
    private final String name;
    private final ScsiCommands scsi;
    private final ElementAddresses addresses;
    private final List<Integer> drives;
    private final List<Integer> slots;
    private final List<Integer> ports;
    private final List<TapeDrive> tapes;
    private final String mediaType;
    private final boolean unloadDrives;

    SmcChanger(String name, ScsiCommands scsi, ElementAddresses addresses, List<Integer> drives, List<Integer> slots,
               List<Integer> ports, List<TapeDrive> tapes, String mediaType, boolean unloadDrives) {
        this.name = name;
        this.scsi = scsi;
        this.addresses = addresses;
        this.drives = List.copyOf(drives);
        this.slots = List.copyOf(slots);
        this.ports = List.copyOf(ports);
        this.tapes = List.copyOf(tapes);
        this.mediaType = mediaType;
        this.unloadDrives = unloadDrives;
    }

    /** READ ELEMENT STATUS of one element type, with volume tags and, for drives, their identifiers. */
    static List<Descriptor> readElementStatus(ScsiCommands scsi, int type, ElementAddresses.Range range)
            throws ChangerException {
        if (range.count() == 0) {
            return List.of();
        }
        boolean identifiers = type == ElementDescriptors.DATA_TRANSFER;
        int allocation = Math.min(0xFFFFFF, 16 + range.count() * 160);
        byte[] cdb = {(byte) 0xB8, (byte) (0x10 | type), (byte) (range.first() >> 8), (byte) range.first(),
            (byte) (range.count() >> 8), (byte) range.count(), (byte) (identifiers ? 0x01 : 0x00),
            (byte) (allocation >> 16), (byte) (allocation >> 8), (byte) allocation, 0, 0};
        List<Descriptor> all = ElementDescriptors.parse(scsi.run("READ ELEMENT STATUS (element type " + type + ")", cdb,
                allocation));
        // libraries that ignore the element count (tgt) send every element from the first address on
        return all.stream().filter(d -> d.type() == type && range.contains(d.address())).toList();
    }

    @Override
    public String libraryName() {
        return name;
    }

    @Override
    public int driveCount() {
        return drives.size();
    }

    @Override
    public int slotCount() {
        return slots.size();
    }

    @Override
    public int portCount() {
        return ports.size();
    }

    @Override
    public List<String> mediaTypes() {
        return List.of(mediaType);
    }

    @Override
    public List<ElementStatus> elementStatus() throws ChangerException {
        List<ElementStatus> out = new ArrayList<>();
        add(out, ElementType.DRIVE, drives, readElementStatus(scsi, ElementDescriptors.DATA_TRANSFER,
                addresses.dataTransfer()));
        add(out, ElementType.SLOT, slots, readElementStatus(scsi, ElementDescriptors.STORAGE, addresses.storage()));
        add(out, ElementType.PORT, ports, readElementStatus(scsi, ElementDescriptors.IMPORT_EXPORT,
                addresses.importExport()));
        return out;
    }

    private void add(List<ElementStatus> out, ElementType type, List<Integer> known, List<Descriptor> found)
            throws ChangerException {
        for (int i = 0; i < known.size(); i++) {
            int address = known.get(i);
            Element element = new Element(type, i + 1);
            Descriptor d = found.stream().filter(x -> x.address() == address).findFirst().orElseThrow(() ->
                    new ChangerException(ChangerFault.FAILED, "library " + name + " no longer reports element address "
                            + address + " (" + element + ")", element));
            out.add(new ElementStatus(element, d.full(), d.full() ? d.volumeTag() : null));
        }
    }

    @Override
    public void move(Element source, Element destination) throws ChangerException {
        int from = address(source);
        int to = address(destination);
        if (source.type() == ElementType.DRIVE && unloadDrives && !tapes.isEmpty()) {
            tapes.get(source.number() - 1).unload();
        }
        int transport = addresses.transport().first();
        byte[] cdb = {(byte) 0xA5, 0, (byte) (transport >> 8), (byte) transport, (byte) (from >> 8), (byte) from,
            (byte) (to >> 8), (byte) to, 0, 0, 0, 0};
        Element blamed = destination.type() == ElementType.DRIVE ? destination : source;
        scsi.run("MOVE MEDIUM from " + source + " (" + from + ") to " + destination + " (" + to + ")", cdb, null, 0,
                blamed, MOVE_TIMEOUT);
    }

    private int address(Element e) throws ChangerException {
        List<Integer> list = switch (e.type()) {
            case DRIVE -> drives;
            case SLOT -> slots;
            case PORT -> ports;
        };
        if (e.number() > list.size()) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + " has no " + e + " (it has "
                    + list.size() + ")", e);
        }
        return list.get(e.number() - 1);
    }

    /**
     * PREVENT or ALLOW MEDIUM REMOVAL: whether an operator may open the door or the mail slots. False when the
     * library has no lock (it refuses the command as not supported).
     */
    boolean preventRemoval(boolean prevent) throws ChangerException {
        try {
            scsi.run(prevent ? "PREVENT MEDIUM REMOVAL" : "ALLOW MEDIUM REMOVAL",
                    new byte[] {0x1E, 0, 0, 0, (byte) (prevent ? 1 : 0), 0}, 0);
            return true;
        } catch (ChangerException e) {
            if (e.fault() == ChangerFault.NOT_PRESENT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void unlockDoor() throws ChangerException {
        preventRemoval(false);
    }

    @Override
    public SeekableByteChannel openMedium(int drive, String barCode, int side, boolean write) throws ChangerException {
        int address = address(Element.drive(drive));
        if (tapes.isEmpty()) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": no tape device is known for drive "
                    + drive, Element.drive(drive));
        }
        Descriptor d = readElementStatus(scsi, ElementDescriptors.DATA_TRANSFER, addresses.dataTransfer()).stream()
                .filter(x -> x.address() == address).findFirst().orElse(null);
        new ElementStatus(Element.drive(drive), d != null && d.full(), d == null ? null : d.volumeTag())
                .requireHolding(name, barCode);
        return tapes.get(drive - 1).open(write);
    }

    @Override
    public String deviceName(int drive) {
        return tapes.isEmpty() ? null : tapes.get(drive - 1).name();
    }

    @Override
    public void close() {
        tapes.forEach(TapeDrive::close);
        scsi.close();
    }
}
