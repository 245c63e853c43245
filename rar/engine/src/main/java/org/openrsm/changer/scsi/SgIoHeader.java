package org.openrsm.changer.scsi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Linux's {@code struct sg_io_hdr} (scsi/sg.h, interface 'S'), as the SG_IO ioctl of a 64-bit kernel reads and
 * writes it: 88 bytes in native byte order, pointers 8 bytes wide.
 */
final class SgIoHeader {
    static final int SIZE = 88;
    static final int SG_DXFER_NONE = -1;
    static final int SG_DXFER_TO_DEV = -2;
    static final int SG_DXFER_FROM_DEV = -3;
    /** {@code info} bit: the command did not end GOOD (status, host or driver status) */
    static final int SG_INFO_CHECK = 0x1;

    private SgIoHeader() {
    }

    /** The request: which way data goes, the CDB, the sense buffer and the data buffer (native addresses). */
    static byte[] request(int direction, int cdbLength, long cdb, int senseLength, long sense, int dataLength,
                          long data, int timeoutMillis) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        b.putInt(0, 'S');                        // interface_id
        b.putInt(4, direction);                  // dxfer_direction
        b.put(8, (byte) cdbLength);              // cmd_len
        b.put(9, (byte) senseLength);            // mx_sb_len
        b.putShort(10, (short) 0);               // iovec_count
        b.putInt(12, dataLength);                // dxfer_len
        b.putLong(16, data);                     // dxferp
        b.putLong(24, cdb);                      // cmdp
        b.putLong(32, sense);                    // sbp
        b.putInt(40, timeoutMillis);             // timeout
        b.putInt(44, 0);                         // flags
        b.putInt(48, 0);                         // pack_id
        b.putLong(56, 0);                        // usr_ptr
        return b.array();
    }

    /** What the kernel wrote back. */
    record Reply(int status, int senseWritten, int hostStatus, int driverStatus, int residue, int durationMillis,
                 int info) {
        /** SCSI status, or -1 when the host adapter or driver failed the command before the device answered. */
        int scsiStatus() {
            return hostStatus != 0 || (driverStatus & 0x0F) != 0 && (driverStatus & 0x0F) != 0x08 ? -1 : status;
        }
    }

    static Reply reply(byte[] header) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.nativeOrder());
        return new Reply(b.get(64) & 0xFF, b.get(67) & 0xFF, b.getShort(68) & 0xFFFF, b.getShort(70) & 0xFFFF,
                b.getInt(72), b.getInt(76), b.getInt(80));
    }
}
