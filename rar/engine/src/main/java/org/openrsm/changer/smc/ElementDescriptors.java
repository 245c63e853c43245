package org.openrsm.changer.smc;

import static org.openrsm.changer.smc.ElementAddresses.u16;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * READ ELEMENT STATUS data (SMC-3 §6.10): an element status header, then pages of one element type each, each a
 * list of descriptors with the element's address, whether it is full, its exception (ASC/ASCQ), the address the
 * cartridge came from, its primary volume tag and, with DVCID, the device identifier (a drive's serial number).
 *
 * <p>Read defensively, as libraries send it: the header's first address is not trusted (tgt reports a wrong one),
 * the data may end before the byte count says (tgt's last descriptor arrives 8 bytes short, a stored mhVTL reply
 * is cut): a descriptor is kept when its address and flags arrived, its tag when all 32 bytes did, its identifier
 * as far as it arrived.
 */
public final class ElementDescriptors {
    private ElementDescriptors() {
    }

    /** SMC element type codes. */
    public static final int TRANSPORT = 1;
    public static final int STORAGE = 2;
    public static final int IMPORT_EXPORT = 3;
    public static final int DATA_TRANSFER = 4;

    /**
     * One element as the library reported it.
     *
     * @param type       the SMC element type code
     * @param source     the address the cartridge came from, or -1 when the library does not say
     * @param volumeTag  the primary volume tag without padding, null when none or blank
     * @param identifier the device identifier (DVCID) as ASCII, null when none
     * @param asc        additional sense code of an element in an exception state, else 0
     */
    public record Descriptor(int type, int address, boolean full, boolean exception, int asc, int ascq, int source,
                             String volumeTag, String identifier) {
    }

    public static List<Descriptor> parse(byte[] data) {
        List<Descriptor> out = new ArrayList<>();
        if (data.length < 8) {
            throw new IllegalArgumentException("READ ELEMENT STATUS data of " + data.length + " bytes; the header alone "
                    + "has 8");
        }
        int reportEnd = Math.min(data.length, 8 + u24(data, 5));
        int page = 8;
        while (page + 8 <= reportEnd) {
            int type = data[page] & 0x0F;
            boolean primaryTag = (data[page + 1] & 0x80) != 0;
            boolean alternateTag = (data[page + 1] & 0x40) != 0;
            int length = u16(data, page + 2);
            int pageEnd = Math.min(reportEnd, page + 8 + u24(data, page + 5));
            if (length < 12) {
                throw new IllegalArgumentException("element descriptors of " + length + " bytes; at least 12 expected");
            }
            for (int d = page + 8; d + 12 <= pageEnd; d += length) {
                out.add(descriptor(data, type, d, Math.min(pageEnd, d + length), primaryTag, alternateTag));
            }
            // the next page starts where this one's byte count says, even if tgt sent less
            page = page + 8 + u24(data, page + 5);
        }
        return out;
    }

    private static Descriptor descriptor(byte[] data, int type, int at, int end, boolean primaryTag,
                                         boolean alternateTag) {
        int flags = data[at + 2] & 0xFF;
        boolean exception = (flags & 0x04) != 0;
        int source = (data[at + 9] & 0x80) != 0 ? u16(data, at + 10) : -1;
        int next = at + 12;
        String tag = null;
        if (primaryTag) {
            if (next + 32 <= end) {
                tag = ascii(data, next, 32);
            }
            next += 36;
        }
        if (alternateTag) {
            next += 36;
        }
        String identifier = null;
        if (next + 4 <= end) {
            int length = data[next + 3] & 0xFF;
            int available = Math.min(length, end - next - 4);
            if (length > 0 && available > 0) {
                identifier = new String(data, next + 4, available, StandardCharsets.US_ASCII);
            }
        }
        return new Descriptor(type, u16(data, at), (flags & 0x01) != 0, exception, exception ? data[at + 4] & 0xFF : 0,
                exception ? data[at + 5] & 0xFF : 0, source, tag, identifier);
    }

    private static String ascii(byte[] data, int at, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = at; i < at + length; i++) {
            int c = data[i] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                break;                               // NUL padding ends a tag as a blank does
            }
            b.append((char) c);
        }
        String tag = b.toString().strip();
        return tag.isEmpty() ? null : tag;
    }

    private static int u24(byte[] d, int at) {
        return (d[at] & 0xFF) << 16 | (d[at + 1] & 0xFF) << 8 | d[at + 2] & 0xFF;
    }
}
