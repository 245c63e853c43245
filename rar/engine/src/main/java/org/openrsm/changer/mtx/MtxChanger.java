package org.openrsm.changer.mtx;

import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.ElementType;
import org.openrsm.changer.tape.TapeDrive;
import org.openrsm.changer.tape.TapeDrives;

/**
 * The {@code mtx} driver: element status from {@code mtx status}, moves as {@code load}, {@code unload} and
 * {@code transfer} (IE ports are storage elements numbered after the slots in mtx), data through each drive's
 * tape device. The geometry is what the library reported when the driver opened.
 */
final class MtxChanger implements Changer {
    private final String name;
    private final MtxRunner mtx;
    private final String mediaType;
    private final boolean unloadDrives;
    /** mtx's eepos for moves into and out of a mail slot (0 none, 1 retract, 2 extend), or null: not given */
    private final Integer eepos;
    private final int drives;
    private final int slots;
    private final int ports;
    private final List<TapeDrive> tapes = new ArrayList<>();

    MtxChanger(String name, MtxRunner mtx, List<String> driveDevices, String mediaType, boolean unloadDrives,
               Integer eepos) throws ChangerException {
        this.name = name;
        this.mtx = mtx;
        this.mediaType = mediaType;
        this.unloadDrives = unloadDrives;
        this.eepos = eepos;
        MtxInquiry inquiry = mtx.inquiry();
        if (!inquiry.changer()) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": " + mtx.device() + " is "
                    + inquiry.vendor() + " " + inquiry.product() + ", a " + inquiry.productType()
                    + ", not a medium changer", (Element) null);
        }
        MtxStatus status = mtx.status();
        this.drives = status.drives().size();
        this.slots = status.slots().size();
        this.ports = status.ports().size();
        if (!driveDevices.isEmpty() && driveDevices.size() != drives) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": " + driveDevices.size()
                    + " drive devices are configured, but " + mtx.device() + " has " + drives + " drives", (Element) null);
        }
        for (String device : driveDevices) {
            tapes.add(TapeDrives.of(device));
        }
    }

    @Override
    public String libraryName() {
        return name;
    }

    @Override
    public int driveCount() {
        return drives;
    }

    @Override
    public int slotCount() {
        return slots;
    }

    @Override
    public int portCount() {
        return ports;
    }

    @Override
    public List<String> mediaTypes() {
        return List.of(mediaType);
    }

    @Override
    public List<ElementStatus> elementStatus() throws ChangerException {
        return mtx.status().elements();
    }

    @Override
    public void move(Element source, Element destination) throws ChangerException {
        check(source);
        check(destination);
        boolean fromDrive = source.type() == ElementType.DRIVE;
        boolean toDrive = destination.type() == ElementType.DRIVE;
        if (fromDrive && toDrive) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": mtx cannot move a cartridge from "
                    + source + " to " + destination + " directly", source);
        }
        List<String> command = new ArrayList<>();
        if (eepos != null && (source.type() == ElementType.PORT || destination.type() == ElementType.PORT)) {
            command.addAll(List.of("eepos", String.valueOf(eepos)));   // the mail slot moves with the cartridge
        }
        if (fromDrive) {
            unload(source.number());
            command.addAll(List.of("unload", number(destination), String.valueOf(source.number() - 1)));
        } else if (toDrive) {
            command.addAll(List.of("load", number(source), String.valueOf(destination.number() - 1)));
        } else {
            command.addAll(List.of("transfer", number(source), number(destination)));
        }
        mtx.run(toDrive ? destination : source, command.toArray(String[]::new));
    }

    /** The drive ejects its cartridge before the robot takes it, where the library needs that. */
    private void unload(int drive) throws ChangerException {
        if (unloadDrives && !tapes.isEmpty()) {
            tapes.get(drive - 1).unload();
        }
    }

    private void check(Element e) throws ChangerException {
        int count = switch (e.type()) {
            case DRIVE -> drives;
            case SLOT -> slots;
            case PORT -> ports;
        };
        if (e.number() > count) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + " has no " + e + " (it has " + count
                    + ")", e);
        }
    }

    /** The element's number in mtx: slots as they are, IE ports after them. */
    private String number(Element e) {
        return String.valueOf(e.type() == ElementType.PORT ? slots + e.number() : e.number());
    }

    @Override
    public SeekableByteChannel openMedium(int drive, String barCode, int side, boolean write) throws ChangerException {
        check(Element.drive(drive));
        if (tapes.isEmpty()) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": no tape device is configured for "
                    + "drive " + drive, Element.drive(drive));
        }
        MtxStatus.Drive d = mtx.status().drives().get(drive - 1);
        new ElementStatus(Element.drive(drive), d.full(), d.volumeTag()).requireHolding(name, barCode);
        return tapes.get(drive - 1).open(write);
    }

    @Override
    public String deviceName(int drive) {
        return tapes.isEmpty() ? null : tapes.get(drive - 1).name();
    }

    @Override
    public void close() {
        tapes.forEach(TapeDrive::close);
    }
}
