package org.openrsm.changer.sim;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.openrsm.changer.ChangerException;

/**
 * The simulated library's element status on disk, durable after every move at a cost that does not grow with the
 * library: a snapshot ({@code changer.properties}, every full element, ending with its checksum, replaced
 * atomically) and a journal ({@code changer.journal}) to which each move appends one line with the elements it
 * changed and the line's checksum, forced to disk. Loading reads the snapshot and replays the journal; a last line
 * torn by a crash is the move that did not happen (the robot's state is the file), a bad line before the last is
 * damage. When the journal holds as many lines as a snapshot has elements (at least 1,000), a new snapshot replaces
 * the old one and the journal starts again: every move costs one appended line, and a snapshot now and then whose
 * cost is spread over as many moves as it has lines. Replaying a line sets elements to absolute contents, so a
 * journal replayed over a snapshot that already holds it (a crash between the two) gives the same contents.
 */
final class StatusFile {
    static final String STATE_FILE = "changer.properties";
    static final String JOURNAL_FILE = "changer.journal";
    /** First line of the snapshot: a file with it must end with its checksum, or it is damaged. */
    private static final String FORMAT = "# OpenRSM simulated library element status, format 2";
    private static final String CHECKSUM = "checksum";
    private static final int MIN_JOURNAL = 1_000;

    private final String library;
    private final Path folder;
    private final Path snapshot;
    private final Path journal;
    private final String[] drives;
    private final String[] slots;
    private final String[] ports;
    private int journalLines;

    StatusFile(String library, Path folder, String[] drives, String[] slots, String[] ports) {
        this.library = library;
        this.folder = folder;
        this.snapshot = folder.resolve(STATE_FILE);
        this.journal = folder.resolve(JOURNAL_FILE);
        this.drives = drives;
        this.slots = slots;
        this.ports = ports;
    }

    boolean exists() {
        return Files.exists(snapshot);
    }

    /** Reads the snapshot and replays the journal into the element arrays. */
    void load() throws IOException, ChangerException {
        String text = Files.readString(snapshot, StandardCharsets.ISO_8859_1);
        Properties p = new Properties();
        p.load(new StringReader(text));
        if (text.startsWith(FORMAT) || text.isBlank()) {
            String checksum = p.getProperty(CHECKSUM);
            p.remove(CHECKSUM);
            if (checksum == null || !checksum.equals(checksum(p))) {
                // a torn or truncated write: loading it would report an empty or partial library, and the engine would
                // send every cartridge it does not see to the shelf
                throw new ChangerException("library " + library + ": the element status in " + snapshot + " is damaged ("
                        + (text.isBlank() ? "empty" : checksum == null ? "truncated: no checksum" : "checksum mismatch")
                        + "); the robot's state is unknown. Restore the file, or let an operator check the library");
            }
        }
        for (String key : p.stringPropertyNames()) {
            set(key, p.getProperty(key), snapshot);
        }
        if (Files.exists(journal)) {
            replay();
        }
    }

    private void replay() throws IOException, ChangerException {
        String text = Files.readString(journal, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        // the text after the last newline is a line whose write a crash cut short
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int space = line.indexOf(' ');
            String body = space < 0 ? "" : line.substring(space + 1);
            if (space < 0 || !line.substring(0, space).equals(crc(body))) {
                if (i == lines.length - 2 && lines[lines.length - 1].isEmpty()) {
                    break;   // the last line, torn: that move did not happen
                }
                throw new ChangerException("library " + library + ": line " + (i + 1) + " of " + journal + " is damaged; the "
                        + "robot's state is unknown. Restore the files, or let an operator check the library");
            }
            Properties p = new Properties();
            p.load(new StringReader(body.replace('\t', '\n')));
            for (String key : p.stringPropertyNames()) {
                String value = p.getProperty(key);
                set(key, value.isEmpty() ? null : value, journal);
            }
            journalLines++;
        }
    }

    private void set(String key, String value, Path file) throws ChangerException {
        String[] parts = key.split("\\.");
        String[] elements = switch (parts[0]) {
            case "drive" -> drives;
            case "slot" -> slots;
            case "port" -> ports;
            default -> throw new ChangerException("library " + library + ": unknown element '" + key + "' in " + file);
        };
        int n = parts.length == 2 && parts[1].matches("[0-9]{1,6}") ? Integer.parseInt(parts[1]) : -1;
        if (n < 1 || n > elements.length) {
            throw new ChangerException("library " + library + ": " + file + " names " + key
                    + ", but the library has only " + elements.length + " " + parts[0] + "s; was its geometry changed?");
        }
        elements[n - 1] = value;
    }

    /**
     * Records a move durably: the changed elements ({@code "slot.3"} → bar code, or null for empty) as one journal
     * line, forced to disk; now and then a new snapshot instead.
     */
    void record(Map<String, String> changed) throws IOException {
        if (journalLines >= Math.max(MIN_JOURNAL, drives.length + slots.length + ports.length)) {
            writeSnapshot();
            return;
        }
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : changed.entrySet()) {
            body.append(body.isEmpty() ? "" : "\t").append(e.getKey()).append('=')
                    .append(e.getValue() == null ? "" : escape(e.getValue()));
        }
        String line = crc(body.toString()) + " " + body + "\n";
        try (FileChannel out = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            write(out, line);
            out.force(false);
        }
        journalLines++;
    }

    /**
     * Writes every element as a new snapshot (a temporary file forced to disk, renamed over the old one, the folder
     * forced too, so that a power loss leaves the old snapshot or the new one), then empties the journal.
     */
    void writeSnapshot() throws IOException {
        Properties p = new Properties();
        put(p, "drive", drives);
        put(p, "slot", slots);
        put(p, "port", ports);
        StringBuilder text = new StringBuilder(FORMAT).append('\n');
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            text.append(key).append('=').append(escape(p.getProperty(key))).append('\n');
        }
        text.append(CHECKSUM).append('=').append(checksum(p)).append('\n');
        Path tmp = folder.resolve(STATE_FILE + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(out, text.toString());
            out.force(true);
        }
        Files.move(tmp, snapshot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
        // the snapshot holds every move of the journal; replaying it again would change nothing
        Files.deleteIfExists(journal);
        journalLines = 0;
    }

    private static void write(FileChannel out, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** CRC-32 of the entries in key order, as text. */
    private static String checksum(Properties p) {
        CRC32 crc = new CRC32();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            crc.update((key + "=" + p.getProperty(key) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Long.toHexString(crc.getValue());
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.ISO_8859_1));
        return Long.toHexString(crc.getValue());
    }

    /** A bar code as a properties value that {@link Properties#load} reads back unchanged (no tab, no newline). */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c < 0x21 || c > 0x7e || c == '\\' || c == '=' || c == ':' || c == '#' || c == '!') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void put(Properties p, String kind, String[] elements) {
        for (int i = 0; i < elements.length; i++) {
            if (elements[i] != null) {
                p.setProperty(kind + "." + (i + 1), elements[i]);
            }
        }
    }
}
