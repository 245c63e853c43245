package org.openrsm.changer.smc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openrsm.changer.Changer;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.ChangerSpec;
import org.openrsm.changer.Element;
import org.openrsm.changer.scsi.IscsiTransport;
import org.openrsm.changer.scsi.ScsiTransport;
import org.openrsm.changer.scsi.SgTransport;
import org.openrsm.changer.smc.ElementDescriptors.Descriptor;
import org.openrsm.changer.tape.TapeDrive;
import org.openrsm.changer.tape.TapeDrives;

/**
 * A SCSI tape library driven natively (SMC-3): the changer at an {@code iscsi://host[:port]/target/lun} URL or a
 * Linux SCSI generic device ({@code /dev/sgN}, through SG_IO). The drives' tape devices are configured in the
 * changer's drive order, or found by serial number ({@link #autoDrives()}: the other LUNs of the changer's iSCSI
 * target whose unit serial number the library reports for a drive).
 */
public final class SmcLibrary implements ChangerSpec {
    private final String name;
    private String device;
    private final List<String> driveDevices = new ArrayList<>();
    private boolean autoDrives;
    private String mediaType = "LTO_Ultrium";
    private Duration commandTimeout = Duration.ofMinutes(5);
    private Duration notReadyWait = Duration.ofMinutes(2);
    private boolean unloadDrives = true;

    private SmcLibrary(String name) {
        this.name = ChangerSpec.checkName(name);
    }

    public static SmcLibrary named(String name) {
        return new SmcLibrary(name);
    }

    /** {@code iscsi://host[:port]/target/lun} or {@code /dev/sgN}. */
    public SmcLibrary device(String device) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("library " + name + ": the changer device must not be blank");
        }
        this.device = device.strip();
        if (this.device.startsWith("iscsi://")) {
            IscsiTransport.of(this.device).close();   // a malformed URL is refused now, not at the first command
        }
        return this;
    }

    /** The tape device of each drive in the changer's drive order ({@code /dev/nst0} or an iSCSI URL). */
    public SmcLibrary driveDevices(List<String> devices) {
        driveDevices.clear();
        devices.forEach(d -> driveDevices.add(Objects.requireNonNull(d, "drive device").strip()));
        autoDrives = false;
        return this;
    }

    /** Finds each drive's tape device by its serial number among the LUNs of the changer's iSCSI target. */
    public SmcLibrary autoDrives() {
        driveDevices.clear();
        autoDrives = true;
        return this;
    }

    public SmcLibrary mediaType(String mediaType) {
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        return this;
    }

    /** How long one command may take (default 5 minutes; a move or an inventory gets more). */
    public SmcLibrary commandTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("library " + name + ": commandTimeout must be positive, not " + timeout);
        }
        this.commandTimeout = timeout;
        return this;
    }

    /** How long a NOT READY library is asked again, with back-off from 1 s (default 2 minutes). */
    public SmcLibrary notReadyWait(Duration wait) {
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("library " + name + ": notReadyWait must be zero or more, not " + wait);
        }
        this.notReadyWait = wait;
        return this;
    }

    public SmcLibrary unloadDrives(boolean unload) {
        this.unloadDrives = unload;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Changer open() throws ChangerException {
        if (device == null) {
            throw new ChangerException("library " + name + ": no changer device configured for the smc driver");
        }
        ScsiCommands scsi = commands(transport(device), true);
        try {
            ScsiCommands.Inquiry inquiry = scsi.inquiry();
            if (inquiry.deviceType() != 8) {
                throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": " + device + " is "
                        + inquiry.vendor() + " " + inquiry.product() + ", a device of SCSI type " + inquiry.deviceType()
                        + ", not a medium changer (type 8)", (Element) null);
            }
            ElementAddresses addresses = ElementAddresses.parseModeSense6(scsi.run("MODE SENSE (element address "
                    + "assignment)", new byte[] {0x1A, 0x08, 0x1D, 0, (byte) 0xFF, 0}, 255));
            List<Descriptor> drives = SmcChanger.readElementStatus(scsi, ElementDescriptors.DATA_TRANSFER,
                    addresses.dataTransfer());
            List<Integer> slots = SmcChanger.readElementStatus(scsi, ElementDescriptors.STORAGE, addresses.storage())
                    .stream().map(Descriptor::address).sorted().toList();
            List<Integer> ports = SmcChanger.readElementStatus(scsi, ElementDescriptors.IMPORT_EXPORT,
                    addresses.importExport()).stream().map(Descriptor::address).sorted().toList();
            List<Descriptor> sorted = drives.stream().sorted((a, b) -> Integer.compare(a.address(), b.address())).toList();
            List<TapeDrive> tapes = new ArrayList<>();
            for (String d : tapeDevices(scsi, sorted)) {
                tapes.add(TapeDrives.of(d));
            }
            return new SmcChanger(name, scsi, addresses, sorted.stream().map(Descriptor::address).toList(), slots, ports,
                    tapes, mediaType, unloadDrives);
        } catch (ChangerException | RuntimeException e) {
            scsi.close();
            throw e;
        }
    }

    private List<String> tapeDevices(ScsiCommands scsi, List<Descriptor> drives) throws ChangerException {
        if (!autoDrives) {
            if (!driveDevices.isEmpty() && driveDevices.size() != drives.size()) {
                throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": " + driveDevices.size()
                        + " drive devices are configured, but " + device + " has " + drives.size() + " drives",
                        (Element) null);
            }
            return driveDevices;
        }
        if (!device.startsWith("iscsi://")) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": drives are found by serial number"
                    + " only on an iSCSI target; configure the drive devices of " + device, (Element) null);
        }
        List<DriveMatcher.Candidate> candidates = new ArrayList<>();
        String base = device.substring(0, device.lastIndexOf('/'));
        for (int lun : reportLuns(scsi)) {
            String url = base + "/" + lun;
            if (url.equals(device)) {
                continue;
            }
            ScsiCommands tape = commands(IscsiTransport.of(url), false);
            try {
                ScsiCommands.Inquiry inquiry = tape.inquiry();
                if (inquiry.deviceType() == 1) {
                    candidates.add(new DriveMatcher.Candidate(url, inquiry.vendor(), inquiry.product(),
                            tape.serialNumber()));
                }
            } finally {
                tape.close();
            }
        }
        try {
            return DriveMatcher.match(drives.stream().map(Descriptor::identifier).toList(), candidates);
        } catch (IllegalArgumentException e) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + ": " + e.getMessage(), (Element) null);
        }
    }

    /** REPORT LUNS: the logical units of the changer's target (peripheral or flat addressing, first level). */
    private static List<Integer> reportLuns(ScsiCommands scsi) throws ChangerException {
        int allocation = 8 + 256 * 8;
        byte[] d = scsi.run("REPORT LUNS", new byte[] {(byte) 0xA0, 0, 0, 0, 0, 0, (byte) (allocation >> 24),
            (byte) (allocation >> 16), (byte) (allocation >> 8), (byte) allocation, 0, 0}, allocation);
        int length = d.length < 4 ? 0 : (d[0] & 0xFF) << 24 | (d[1] & 0xFF) << 16 | (d[2] & 0xFF) << 8 | d[3] & 0xFF;
        List<Integer> luns = new ArrayList<>();
        for (int at = 8; at + 8 <= Math.min(d.length, 8 + length); at += 8) {
            luns.add((d[at] & 0x3F) << 8 | d[at + 1] & 0xFF);
        }
        return luns;
    }

    private ScsiCommands commands(ScsiTransport transport, boolean changer) {
        return new ScsiCommands(name, transport, commandTimeout, notReadyWait, Duration.ofSeconds(1), changer);
    }

    private ScsiTransport transport(String device) {
        return device.startsWith("iscsi://") ? IscsiTransport.of(device) : new SgTransport(device);
    }
}
