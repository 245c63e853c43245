package org.openrsm.changer.tape;

import java.nio.channels.SeekableByteChannel;
import org.openrsm.changer.ChangerException;

/**
 * The tape device of a library's drive: where an application's data goes once the robot loaded a cartridge. RSM
 * leaves tape I/O to the application, so a channel is sequential: it starts at the beginning of the tape, reads
 * or writes forward and cannot seek back.
 */
public interface TapeDrive extends AutoCloseable {

    /** The device an application would open ({@code /dev/nst0}, or the iSCSI URL of the tape LUN). */
    String name();

    /**
     * Rewinds the loaded tape and opens it: for writing, data goes from the beginning of the tape and closing the
     * channel writes a filemark; for reading, the channel ends at the first filemark.
     */
    SeekableByteChannel open(boolean write) throws ChangerException;

    /** The drive unloads (ejects) its cartridge so that the robot can take it; a drive without one does nothing. */
    void unload() throws ChangerException;

    @Override
    void close();
}
