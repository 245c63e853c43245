package org.openrsm.changer.smc;

import java.io.IOException;
import java.time.Duration;
import org.openrsm.changer.Backoff;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Element;
import org.openrsm.changer.scsi.ScsiTransport;
import org.openrsm.changer.scsi.ScsiTransport.Result;
import org.openrsm.changer.scsi.Sense;

/**
 * SCSI commands to one device with the error handling every command gets: a transport failure is TRANSIENT (the
 * library does not answer), CHECK CONDITION without sense is completed by REQUEST SENSE, NOT READY is asked
 * again with back-off (1 s, 2 s, 4 s …) within a bounded wait, UNIT ATTENTION (the door was opened, a reset, a new
 * session) is answered once by INITIALIZE ELEMENT STATUS on a changer and the command is sent again, but a move,
 * planned from what the library held before, is not: it fails NEEDS_INVENTORY, so the engine takes stock and plans
 * it again, and so does the first move after a UNIT ATTENTION that said the medium may have changed (28/xx) to another
 * command; every other failure is a ChangerException of the fault its sense says.
 */
final class ScsiCommands {
    private final String library;
    private final ScsiTransport scsi;
    private final Duration timeout;
    private final Duration notReadyWait;
    private final Duration firstRetry;
    private final boolean changer;
    /**
     * A UNIT ATTENTION 28/xx (medium may have changed: the door or a magazine was opened) answered to a command that is
     * not a move: the next move is refused, so the engine takes stock before it plans moves again. Null: none.
     */
    private Sense contentsChanged;

    ScsiCommands(String library, ScsiTransport scsi, Duration timeout, Duration notReadyWait, Duration firstRetry,
                 boolean changer) {
        this.library = library;
        this.scsi = scsi;
        this.timeout = timeout;
        this.notReadyWait = notReadyWait;
        this.firstRetry = firstRetry;
        this.changer = changer;
    }

    String device() {
        return scsi.name();
    }

    /** Runs the command to GOOD status and returns its data-in; {@code element} is blamed for a failure. */
    byte[] run(String what, byte[] cdb, byte[] out, int in, Element element, Duration limit) throws ChangerException {
        if (changer && isMove(cdb) && contentsChanged != null) {
            Sense seen = contentsChanged;
            contentsChanged = null;
            throw notSent(seen + " to an earlier command", what, element);
        }
        Backoff notReady = new Backoff(notReadyWait, firstRetry);
        boolean initialized = false;
        while (true) {
            Result r = send(what, cdb, out, in, limit);
            if (r.good()) {
                return r.data();
            }
            Sense sense = r.sense() != null ? r.sense() : requestSense(what);
            ChangerFault fault = sense == null ? ChangerFault.FAILED : sense.fault();
            if (fault == ChangerFault.TRANSIENT && notReady.pause()) {
                continue;
            }
            if (fault == ChangerFault.NEEDS_INVENTORY && !initialized) {
                initialized = true;
                if (changer && cdb[0] != 0x07) {
                    // the library's contents may have changed: it takes stock before the command is sent again
                    run("INITIALIZE ELEMENT STATUS", new byte[] {0x07, 0, 0, 0, 0, 0}, null, 0, null,
                            Duration.ofMinutes(30));
                }
                if (changer && isMove(cdb)) {
                    // a move planned from what the library held before is not made: the engine takes stock first
                    throw notSent(sense.toString(), what, element);
                }
                if (changer && sense.asc() == 0x28) {
                    contentsChanged = sense;
                }
                continue;
            }
            throw new ChangerException(fault, "library " + library + ": " + what + " failed: "
                    + (sense == null ? "SCSI status " + r.status() + " without sense" : sense.toString()), element);
        }
    }

    /** A move not sent because the library's contents may have changed ({@code why}): the engine takes stock. */
    private ChangerException notSent(String why, String what, Element element) {
        return new ChangerException(ChangerFault.NEEDS_INVENTORY, "library " + library + ": its contents may have changed ("
                + why + "); " + what + " was not sent", element);
    }

    /** MOVE MEDIUM or EXCHANGE MEDIUM: a command that carries a cartridge. */
    private static boolean isMove(byte[] cdb) {
        return cdb[0] == (byte) 0xA5 || cdb[0] == (byte) 0xA6;
    }

    byte[] run(String what, byte[] cdb, int in) throws ChangerException {
        return run(what, cdb, null, in, null, timeout);
    }

    private Result send(String what, byte[] cdb, byte[] out, int in, Duration limit) throws ChangerException {
        try {
            return scsi.execute(cdb, out, in, limit);
        } catch (IOException e) {
            throw new ChangerException(ChangerFault.TRANSIENT, "library " + library + " does not answer " + what + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /** REQUEST SENSE, for a CHECK CONDITION that came without its sense data. */
    private Sense requestSense(String what) throws ChangerException {
        Result r = send(what + " (REQUEST SENSE)", new byte[] {0x03, 0, 0, 0, (byte) 252, 0}, null, 252, timeout);
        return r.good() ? Sense.parse(r.data(), r.data().length) : null;
    }

    /** Standard INQUIRY: peripheral device type, vendor, product, revision. */
    record Inquiry(int deviceType, String vendor, String product, String revision) {
    }

    Inquiry inquiry() throws ChangerException {
        byte[] d = run("INQUIRY", new byte[] {0x12, 0, 0, 0, 96, 0}, 96);
        if (d.length < 36) {
            throw new ChangerException(ChangerFault.FAILED, "library " + library + ": INQUIRY returned " + d.length
                    + " bytes", (Element) null);
        }
        return new Inquiry(d[0] & 0x1F, ascii(d, 8, 8), ascii(d, 16, 16), ascii(d, 32, 4));
    }

    /** The unit serial number (VPD page 80h), or null when the device has none. */
    String serialNumber() throws ChangerException {
        byte[] d = run("INQUIRY (unit serial number)", new byte[] {0x12, 0x01, (byte) 0x80, 0, (byte) 252, 0}, 252);
        if (d.length < 4 || (d[1] & 0xFF) != 0x80) {
            return null;
        }
        String serial = ascii(d, 4, Math.min(d[3] & 0xFF, d.length - 4));
        return serial.isEmpty() ? null : serial;
    }

    static String ascii(byte[] d, int at, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = at; i < at + length && i < d.length; i++) {
            int c = d[i] & 0xFF;
            b.append(c >= 0x20 && c <= 0x7E ? (char) c : ' ');
        }
        return b.toString().strip();
    }

    void close() {
        scsi.close();
    }
}
