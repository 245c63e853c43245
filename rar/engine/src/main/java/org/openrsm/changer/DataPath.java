package org.openrsm.changer;

import java.nio.channels.SeekableByteChannel;

/**
 * The drives' data of a library: what a server needs of it to read and write the medium in a drive, robot or not. The
 * server driving a library has it in its {@link Changer}; a server standing by on a shared catalog gets one of its own
 * from {@link ChangerSpec#dataPath()} and opens the drives the owner gave its sessions (a SAN, or the simulator's data
 * folder on a shared file system).
 */
public interface DataPath extends AutoCloseable {

    /**
     * The data of side {@code side} of the cartridge now in drive {@code drive}. The driver checks that the
     * cartridge in the drive is the one with {@code barCode} (the engine's record) and refuses otherwise: data
     * must never go onto another tape than the application mounted.
     */
    SeekableByteChannel openMedium(int drive, String barCode, int side, boolean write) throws ChangerException;

    @Override
    void close();
}
