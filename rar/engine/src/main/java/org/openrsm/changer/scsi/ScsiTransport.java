package org.openrsm.changer.scsi;

import java.io.IOException;
import java.time.Duration;

/**
 * Where SCSI commands go: an iSCSI logical unit ({@link IscsiTransport}) or a Linux SCSI generic device. One
 * command at a time; a transport that lost its connection opens a new one for the next command.
 */
public interface ScsiTransport extends AutoCloseable {

    /** The command's outcome: SCSI status (0 GOOD, 2 CHECK CONDITION, 8 BUSY …), data-in, and sense if any. */
    record Result(int status, byte[] data, Sense sense, byte[] senseData) {
        public static final int GOOD = 0;
        public static final int CHECK_CONDITION = 2;

        public boolean good() {
            return status == GOOD;
        }
    }

    /**
     * Sends {@code cdb}; {@code dataOut} (or null) goes to the device, at most {@code dataIn} bytes come back.
     * An IOException means the transport failed (no answer within {@code timeout}, connection lost).
     */
    Result execute(byte[] cdb, byte[] dataOut, int dataIn, Duration timeout) throws IOException;

    /** What the transport reaches, for messages ({@code iscsi://127.0.0.1:3260/iqn…/3}, {@code /dev/sg3}). */
    String name();

    @Override
    void close();
}
