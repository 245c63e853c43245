package org.openrsm.changer.mtx;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.scsi.Sense;

/**
 * What went wrong in an mtx command, read from its output: the sense report mtx prints ({@code mtx: Request
 * Sense: ...} lines, possibly on the line of the progress text) and its last message. mtx's own checks print a
 * message without sense ({@code Drive 0 Full (Storage Element 2 loaded)}); those are classified by their words.
 *
 * @param sense   the device's sense, or null when mtx refused the command itself
 * @param message mtx's message, without the sense report
 */
public record MtxFailure(Sense sense, String message) {
    private static final String SENSE = "mtx: Request Sense: ";
    private static final Pattern SENSE_KEY = Pattern.compile("Sense Key=(.+)");
    private static final Pattern ASC = Pattern.compile("Additional Sense Code = ([0-9A-Fa-f]{2})");
    private static final Pattern ASCQ = Pattern.compile("Additional Sense Qualifier = ([0-9A-Fa-f]{2})");

    /** The failure in an mtx output, or null when the output reports none (no sense, no failure message). */
    public static MtxFailure in(String output) {
        int key = -1;
        int asc = 0;
        int ascq = 0;
        List<String> messages = new ArrayList<>();
        for (String line : output.split("\r?\n")) {
            int at = line.indexOf(SENSE);
            if (at < 0) {
                if (!line.isBlank()) {
                    messages.add(line.strip());
                }
                continue;
            }
            String field = line.substring(at + SENSE.length()).strip();
            Matcher m;
            if ((m = SENSE_KEY.matcher(field)).matches()) {
                key = Sense.keyNamed(m.group(1));
            } else if ((m = ASC.matcher(field)).matches()) {
                asc = Integer.parseInt(m.group(1), 16);
            } else if ((m = ASCQ.matcher(field)).matches()) {
                ascq = Integer.parseInt(m.group(1), 16);
            }
        }
        Sense sense = key >= 0 ? new Sense(key, asc, ascq) : null;
        String message = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (message != null && message.matches("mtx:\\S+ failed") && messages.size() > 1) {
            message = messages.get(messages.size() - 2) + " (" + message + ")";
        }
        if (sense == null && message == null) {
            return null;
        }
        return new MtxFailure(sense, message == null ? "" : message);
    }

    /** The kind of failure: from the sense when the device sent one, else from mtx's own message. */
    public ChangerFault fault() {
        if (sense != null) {
            return sense.fault();
        }
        String m = message;
        if (m.endsWith(" is Empty")) {
            return ChangerFault.SOURCE_EMPTY;
        }
        if (m.contains("Already Full") || m.matches("Drive \\d+ Full.*")) {
            return ChangerFault.DESTINATION_FULL;
        }
        if (m.contains("needs offline")) {
            return ChangerFault.DRIVE_NOT_UNLOADED;
        }
        if (m.startsWith("cannot open SCSI device")) {
            return ChangerFault.TRANSIENT;   // the library does not answer (powered off, cable, iSCSI target gone)
        }
        if (m.startsWith("Invalid ") || m.startsWith("illegal ") || m.startsWith("No source") || m.startsWith("No Source")
                || m.startsWith("No destination")) {
            return ChangerFault.NOT_PRESENT;
        }
        return ChangerFault.FAILED;
    }

    /** {@code MOVE MEDIUM from Element Address 1007 to 501 Failed: HARDWARE ERROR 15/01 (...)}. */
    @Override
    public String toString() {
        return sense == null ? message : message + ": " + sense;
    }
}
