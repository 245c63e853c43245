package org.openrsm.changer.smc;

/**
 * The element address assignment mode page (SMC-3 §7.3.3, page 1Dh): where each element type's addresses start and
 * how many elements it has. Slot {@code k} of OpenRSM is the k-th storage element, port {@code p} the p-th
 * import/export element, drive {@code d} the d-th data transfer element.
 */
public record ElementAddresses(Range transport, Range storage, Range importExport, Range dataTransfer) {

    /** {@code count} addresses from {@code first}. */
    public record Range(int first, int count) {
        public boolean contains(int address) {
            return address >= first && address < first + count;
        }
    }

    /** Parses MODE SENSE(6) data (4-byte header, block descriptors, then the page). */
    public static ElementAddresses parseModeSense6(byte[] data) {
        if (data.length < 4) {
            throw new IllegalArgumentException("MODE SENSE data of " + data.length + " bytes; at least 4 expected");
        }
        return parsePage(data, 4 + (data[3] & 0xFF));
    }

    private static ElementAddresses parsePage(byte[] data, int at) {
        if (data.length < at + 20) {
            throw new IllegalArgumentException("MODE SENSE data of " + data.length + " bytes ends before the element "
                    + "address assignment page (20 bytes at " + at + ")");
        }
        if ((data[at] & 0x3F) != 0x1D) {
            throw new IllegalArgumentException(String.format("mode page %02Xh where 1Dh (element address assignment) was "
                    + "asked for", data[at] & 0x3F));
        }
        return new ElementAddresses(range(data, at + 2), range(data, at + 6), range(data, at + 10), range(data, at + 14));
    }

    private static Range range(byte[] d, int at) {
        return new Range(u16(d, at), u16(d, at + 2));
    }

    static int u16(byte[] d, int at) {
        return (d[at] & 0xFF) << 8 | d[at + 1] & 0xFF;
    }
}
