package org.openrsm.changer.tape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.scsi.IscsiTransport;
import org.openrsm.changer.scsi.ScsiTransport;
import org.openrsm.changer.scsi.ScsiTransport.Result;
import org.openrsm.changer.scsi.Sense;

/**
 * A tape drive reached over iSCSI (an iSCSI-attached drive, a virtual tape library, tgt in the tests), driven with
 * SSC commands: REWIND, READ(6) and WRITE(6) in variable-block mode (a block per write of at most
 * {@value #BLOCK} bytes), WRITE FILEMARKS, LOAD/UNLOAD.
 */
final class IscsiTapeDrive implements TapeDrive {
    static final int BLOCK = 256 * 1024;
    private static final Duration MOTION = Duration.ofMinutes(10);
    private final ScsiTransport scsi;

    IscsiTapeDrive(String url) {
        this.scsi = IscsiTransport.of(url);
    }

    @Override
    public String name() {
        return scsi.name();
    }

    @Override
    public SeekableByteChannel open(boolean write) throws ChangerException {
        ready();
        command(new byte[] {0x01, 0, 0, 0, 0, 0}, null, 0, "REWIND");
        return new SequentialChannel(write) {
            private final ByteBuffer block = ByteBuffer.allocate(BLOCK).flip();
            private boolean end;

            @Override
            int readTape(ByteBuffer dst) throws IOException {
                if (!block.hasRemaining()) {
                    if (end || !nextBlock()) {
                        end = true;
                        return -1;
                    }
                }
                int n = Math.min(dst.remaining(), block.remaining());
                dst.put(dst.position(), block, block.position(), n).position(dst.position() + n);
                block.position(block.position() + n);
                return n;
            }

            /** READ(6) of one variable block into {@code block}; false at a filemark or the end of the data. */
            private boolean nextBlock() throws IOException {
                Result r = io(new byte[] {0x08, 0x02, (byte) (BLOCK >> 16), (byte) (BLOCK >> 8), (byte) BLOCK, 0}, null,
                        BLOCK);
                byte[] data = r.data();
                int length = data.length;
                if (!r.good()) {
                    byte[] s = r.senseData();
                    Sense sense = r.sense();
                    if (sense == null || s.length < 7) {
                        throw new IOException(name() + ": READ failed with SCSI status " + r.status());
                    }
                    boolean filemark = (s[2] & 0x80) != 0;
                    boolean shortBlock = (s[2] & 0x20) != 0;
                    if (filemark || sense.key() == Sense.BLANK_CHECK) {
                        return false;   // the end of the data (a variable-block READ reports a filemark on its own)
                    }
                    if (sense.key() != Sense.NO_SENSE || !shortBlock) {
                        throw new IOException(name() + ": READ failed: " + sense);
                    }
                    // a block shorter than asked for: the INFORMATION field holds the residue, and only what is left
                    // of the transfer is data (targets such as tgt send the full length)
                    int residue = (s[0] & 0x80) == 0 ? 0 : (s[3] & 0xFF) << 24 | (s[4] & 0xFF) << 16 | (s[5] & 0xFF) << 8
                            | s[6] & 0xFF;
                    if (residue < 0) {
                        throw new IOException(name() + ": a tape block larger than " + BLOCK + " bytes");
                    }
                    length = Math.min(length, BLOCK - residue);
                }
                block.clear().put(data, 0, length).flip();
                return length > 0;
            }

            @Override
            void writeTape(ByteBuffer src) throws IOException {
                while (src.hasRemaining()) {
                    byte[] data = new byte[Math.min(BLOCK, src.remaining())];
                    src.get(data);
                    int n = data.length;
                    Result r = io(new byte[] {0x0A, 0, (byte) (n >> 16), (byte) (n >> 8), (byte) n, 0}, data, 0);
                    if (!r.good()) {
                        throw new IOException(name() + ": WRITE failed: " + (r.sense() == null ? "status " + r.status()
                                : r.sense()));
                    }
                }
            }

            @Override
            void closeTape(boolean wrote) throws IOException {
                if (wrote) {
                    Result r = io(new byte[] {0x10, 0, 0, 0, 1, 0}, null, 0);
                    if (!r.good()) {
                        throw new IOException(name() + ": WRITE FILEMARKS failed: " + r.sense());
                    }
                }
            }
        };
    }

    private Result io(byte[] cdb, byte[] out, int in) throws IOException {
        return scsi.execute(cdb, out, in, MOTION);
    }

    /** TEST UNIT READY; a UNIT ATTENTION (new session, tape changed) is answered by asking again. */
    private void ready() throws ChangerException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Result r = command(new byte[6], null, 0, null);
            if (r.good()) {
                return;
            }
            if (r.sense() == null || r.sense().key() != Sense.UNIT_ATTENTION) {
                throw failure("the drive is not ready", r);
            }
        }
        throw new ChangerException(ChangerFault.TRANSIENT, name() + ": the drive keeps reporting UNIT ATTENTION",
                (Throwable) null);
    }

    @Override
    public void unload() throws ChangerException {
        Result r = command(new byte[6], null, 0, null);
        if (r.sense() != null && r.sense().key() == Sense.UNIT_ATTENTION) {
            r = command(new byte[6], null, 0, null);
        }
        if (!r.good() && r.sense() != null && r.sense().asc() == 0x3A) {
            return;                                  // no tape in the drive
        }
        command(new byte[] {0x1B, 0, 0, 0, 0, 0}, null, 0, "UNLOAD");
    }

    /** Runs a command; with {@code what}, anything but GOOD is a ChangerException. */
    private Result command(byte[] cdb, byte[] out, int in, String what) throws ChangerException {
        Result r;
        try {
            r = io(cdb, out, in);
        } catch (IOException e) {
            throw new ChangerException(ChangerFault.TRANSIENT, name() + ": " + e.getMessage(), e);
        }
        if (what != null && !r.good()) {
            throw failure(what + " failed", r);
        }
        return r;
    }

    private ChangerException failure(String what, Result r) {
        Sense s = r.sense();
        return new ChangerException(s == null ? ChangerFault.FAILED : s.fault(), name() + ": " + what + ": "
                + (s == null ? "SCSI status " + r.status() : s), (Throwable) null);
    }

    @Override
    public void close() {
        scsi.close();
    }
}
