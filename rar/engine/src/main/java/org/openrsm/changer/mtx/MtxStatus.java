package org.openrsm.changer.mtx;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openrsm.changer.Element;
import org.openrsm.changer.ElementStatus;

/**
 * The output of {@code mtx status}, parsed: drives, storage slots and import/export (IE) elements in mtx's own
 * numbering (drives from 0; storage elements from 1, the IE elements numbered after them).
 *
 * <p>Tolerated as real libraries print it: one or two blanks before the header, volume tags padded with blanks to
 * 32 characters (stripped), {@code Empty:VolumeTag=} with a blank tag, {@code Full} without a tag (a library
 * without a bar code reader, or an unreadable label), alternate volume tags, sense reports before the table.
 * {@code (Storage Element N Loaded)} is kept as {@link Drive#claimedSource} but is only mtx's guess: when it does
 * not know a drive's source it names the first empty slot, so two drives can claim the same one.
 *
 * @param device the device in the header
 * @param drives the data transfer elements, in order
 * @param slots  the storage elements that are not IE elements, in order
 * @param ports  the IE elements (mail slots), in order
 */
public record MtxStatus(String device, List<Drive> drives, List<Slot> slots, List<Slot> ports) {

    /** A data transfer element: {@code number} from 0; {@code claimedSource} 0 when mtx names none. */
    public record Drive(int number, boolean full, String volumeTag, int claimedSource) {
    }

    /** A storage or IE element in mtx's numbering (IE elements after the storage elements). */
    public record Slot(int number, boolean full, String volumeTag) {
    }

    private static final Pattern HEADER = Pattern.compile(
            "^\\s*Storage Changer (.*):(\\d+) Drives, (\\d+) Slots \\( (\\d+) Import/Export \\)\\s*$");
    private static final Pattern DRIVE = Pattern.compile(
            "^Data Transfer Element (\\d+):(Empty|Full)( \\((?:Storage Element (\\d+)|Unknown Storage Element) Loaded\\))?"
                    + "(?::VolumeTag ?= ?(.*?))?(?::AlternateVolumeTag ?= ?(.*))?$");
    private static final Pattern SLOT = Pattern.compile(
            "^\\s*Storage Element (\\d+)( IMPORT/EXPORT)?:(Empty|Full) ?(?::VolumeTag ?= ?(.*?))?"
                    + "(?::AlternateVolumeTag ?= ?(.*))?$");

    /**
     * Parses the table; IllegalArgumentException naming the line when the output is not a status table or
     * contradicts its own header (missing or extra elements).
     */
    public static MtxStatus parse(String output) {
        String device = null;
        int driveCount = -1;
        int slotCount = -1;
        int portCount = -1;
        List<Drive> drives = new ArrayList<>();
        List<Slot> all = new ArrayList<>();
        List<Boolean> isPort = new ArrayList<>();
        int lineNumber = 0;
        for (String line : output.split("\r?\n")) {
            lineNumber++;
            Matcher m;
            if ((m = HEADER.matcher(line)).matches()) {
                if (device != null) {
                    throw new IllegalArgumentException("line " + lineNumber + ": a second status header: " + line.strip());
                }
                device = m.group(1);
                driveCount = Integer.parseInt(m.group(2));
                portCount = Integer.parseInt(m.group(4));
                slotCount = Integer.parseInt(m.group(3)) - portCount;
            } else if ((m = DRIVE.matcher(line)).matches()) {
                boolean full = m.group(2).equals("Full");
                int source = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
                drives.add(new Drive(Integer.parseInt(m.group(1)), full, full ? tag(m.group(5)) : null, source));
            } else if ((m = SLOT.matcher(line)).matches()) {
                boolean full = m.group(3).equals("Full");
                all.add(new Slot(Integer.parseInt(m.group(1)), full, full ? tag(m.group(4)) : null));
                isPort.add(m.group(2) != null);
            } else if (!line.isBlank() && device != null && !line.startsWith("mtx: ")) {
                throw new IllegalArgumentException("line " + lineNumber + " of the mtx status is not understood: "
                        + line.strip());
            }
        }
        if (device == null) {
            throw new IllegalArgumentException("no 'Storage Changer' header in the mtx output");
        }
        List<Slot> slots = new ArrayList<>();
        List<Slot> ports = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (isPort.get(i) ? ports : slots).add(all.get(i));
        }
        check(drives.size() == driveCount, "drives", driveCount, drives.size());
        check(slots.size() == slotCount, "storage slots", slotCount, slots.size());
        check(ports.size() == portCount, "import/export slots", portCount, ports.size());
        for (int i = 0; i < drives.size(); i++) {
            check(drives.get(i).number() == i, "the number of drive", i, drives.get(i).number());
        }
        for (int i = 0; i < all.size(); i++) {
            check(all.get(i).number() == i + 1, "the number of storage element", i + 1, all.get(i).number());
        }
        return new MtxStatus(device, List.copyOf(drives), List.copyOf(slots), List.copyOf(ports));
    }

    private static void check(boolean ok, String what, int expected, int found) {
        if (!ok) {
            throw new IllegalArgumentException("the mtx status header announces " + expected + " " + what + " but lists "
                    + found);
        }
    }

    /** A volume tag without its padding; null for none or a blank one. */
    private static String tag(String raw) {
        if (raw == null) {
            return null;
        }
        String tag = raw.strip();
        return tag.isEmpty() ? null : tag;
    }

    /** The element status in the changer SPI's terms: drive n+1, slot k, port p. */
    public List<ElementStatus> elements() {
        List<ElementStatus> out = new ArrayList<>();
        for (Drive d : drives) {
            out.add(new ElementStatus(Element.drive(d.number() + 1), d.full(), d.volumeTag()));
        }
        for (Slot s : slots) {
            out.add(new ElementStatus(Element.slot(s.number()), s.full(), s.volumeTag()));
        }
        for (Slot p : ports) {
            out.add(new ElementStatus(Element.port(p.number() - slots.size()), p.full(), p.volumeTag()));
        }
        return out;
    }
}
