package org.openrsm.changer.sim;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.DataPath;
import org.openrsm.changer.Element;

/**
 * The cartridges' data of a simulated library for a server that does not drive it: each open reads the element status
 * the driving server recorded in the shared data folder, so it checks what the drive holds now.
 */
final class SimulatedDataPath implements DataPath {
    /** how often a read of the element status is tried while the driving server rewrites it */
    private static final int TRIES = 20;

    private final String name;
    private final Path folder;
    private final int drives;
    private final int slots;
    private final int ports;

    SimulatedDataPath(String name, Path folder, int drives, int slots, int ports) {
        this.name = name;
        this.folder = folder;
        this.drives = drives;
        this.slots = slots;
        this.ports = ports;
    }

    @Override
    public SeekableByteChannel openMedium(int drive, String barCode, int side, boolean write) throws ChangerException {
        if (drive < 1 || drive > drives) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + name + " has no drive " + drive + " (it has "
                    + drives + ")", Element.drive(drive));
        }
        return SimulatedChanger.openData(name, folder, drive, inDrive(drive), barCode, side, write);
    }

    /** What drive {@code drive} holds as the status file says, read whole between two of the owner's writes. */
    private String inDrive(int drive) throws ChangerException {
        StatusFile file = null;
        String[] inDrives = null;
        Exception last = null;
        for (int i = 0; i < TRIES; i++) {
            inDrives = new String[drives];
            file = new StatusFile(name, folder, inDrives, new String[slots], new String[ports]);
            if (!file.exists()) {
                throw new ChangerException("library " + name + ": " + folder + " holds no element status: the server "
                        + "driving the library keeps it elsewhere (is the data folder shared by both servers?)");
            }
            try {
                Object before = version();
                file.load();
                if (Objects.equals(before, version())) {
                    return inDrives[drive - 1];
                }
            } catch (IOException | ChangerException e) {
                last = e;   // read while the owner replaced the snapshot or emptied the journal: read again
            }
            Thread.onSpinWait();
        }
        throw new ChangerException("library " + name + ": the element status in " + folder + " could not be read between "
                + "two moves of the server driving it" + (last == null ? "" : ": " + last.getMessage()));
    }

    /** The snapshot file's identity and the journal's length: both change with every move recorded. */
    private Object version() throws IOException {
        BasicFileAttributes snapshot = Files.readAttributes(folder.resolve(StatusFile.STATE_FILE), BasicFileAttributes.class);
        long journal;
        try {
            journal = Files.size(folder.resolve(StatusFile.JOURNAL_FILE));
        } catch (NoSuchFileException e) {
            journal = -1;
        }
        return java.util.List.of(Objects.requireNonNullElse(snapshot.fileKey(), ""), snapshot.lastModifiedTime(),
                snapshot.size(), journal);
    }

    @Override
    public void close() {
        // nothing is held open between opens
    }
}
