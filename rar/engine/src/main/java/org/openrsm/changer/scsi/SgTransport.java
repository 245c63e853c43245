package org.openrsm.changer.scsi;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * SCSI commands to a Linux SCSI generic device ({@code /dev/sgN}) through the SG_IO ioctl, called with JNA: the
 * device is opened read-write on the first command and kept open.
 */
public final class SgTransport implements ScsiTransport {
    private static final NativeLong SG_IO = new NativeLong(0x2285);
    private static final int O_RDWR = 2;
    private static final int O_NONBLOCK = 04000;
    private static final int SENSE = 64;

    /** The C calls the transport needs; {@code open}, {@code ioctl} and {@code close} of the C library. */
    interface Posix extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, Pointer argument);

        int close(int fd);
    }

    private final String device;
    private final Posix posix;
    private int fd = -1;

    public SgTransport(String device) {
        this(device, "c");
    }

    /** A transport calling {@code open}/{@code ioctl}/{@code close} of {@code library} (tests load a shim). */
    SgTransport(String device, String library) {
        this.device = device;
        this.posix = Native.load(library, Posix.class);
    }

    @Override
    public String name() {
        return device;
    }

    @Override
    public synchronized Result execute(byte[] cdb, byte[] dataOut, int dataIn, Duration timeout) throws IOException {
        if (fd < 0) {
            fd = posix.open(device, O_RDWR | O_NONBLOCK);
            if (fd < 0) {
                throw new IOException("cannot open " + device + " (errno " + Native.getLastError() + ")");
            }
        }
        int length = dataOut != null ? dataOut.length : dataIn;
        try (Memory command = new Memory(cdb.length); Memory sense = new Memory(SENSE);
             Memory data = new Memory(Math.max(1, length)); Memory header = new Memory(SgIoHeader.SIZE)) {
            command.write(0, cdb, 0, cdb.length);
            sense.clear();
            if (dataOut != null && dataOut.length > 0) {
                data.write(0, dataOut, 0, dataOut.length);
            }
            int direction = length == 0 ? SgIoHeader.SG_DXFER_NONE
                    : dataOut != null ? SgIoHeader.SG_DXFER_TO_DEV : SgIoHeader.SG_DXFER_FROM_DEV;
            byte[] request = SgIoHeader.request(direction, cdb.length, Pointer.nativeValue(command), SENSE,
                    Pointer.nativeValue(sense), length, Pointer.nativeValue(data),
                    (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            header.write(0, request, 0, request.length);
            if (posix.ioctl(fd, SG_IO, header) < 0) {
                throw new IOException("SG_IO on " + device + " failed (errno " + Native.getLastError() + ")");
            }
            SgIoHeader.Reply reply = SgIoHeader.reply(header.getByteArray(0, SgIoHeader.SIZE));
            if (reply.scsiStatus() < 0) {
                throw new IOException(device + ": the command did not reach the device (host status "
                        + reply.hostStatus() + ", driver status " + reply.driverStatus() + ")");
            }
            byte[] in = dataOut == null && dataIn > 0
                    ? data.getByteArray(0, Math.max(0, dataIn - Math.max(0, reply.residue()))) : new byte[0];
            byte[] senseData = Arrays.copyOf(sense.getByteArray(0, SENSE), reply.senseWritten());
            return new Result(reply.status(), in, Sense.parse(senseData, senseData.length), senseData);
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            posix.close(fd);
            fd = -1;
        }
    }
}
