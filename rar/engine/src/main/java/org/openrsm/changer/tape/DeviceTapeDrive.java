package org.openrsm.changer.tape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;

/**
 * A Linux tape device ({@code /dev/nst0}, {@code /dev/tape/by-id/…-nst}): the kernel's st driver does the SSC
 * work. Rewinding and unloading use {@code mt} (Debian package mt-st); data goes through the device file, a write
 * per block, and closing a device opened for writing makes st write the filemark.
 */
final class DeviceTapeDrive implements TapeDrive {
    private final Path device;

    DeviceTapeDrive(Path device) {
        this.device = device;
    }

    @Override
    public String name() {
        return device.toString();
    }

    @Override
    public SeekableByteChannel open(boolean write) throws ChangerException {
        if (!Files.exists(device)) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "tape device " + device + " does not exist", (Throwable) null);
        }
        mt("rewind");
        FileChannel file;
        try {
            file = FileChannel.open(device, write ? StandardOpenOption.WRITE : StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ChangerException(ChangerFault.FAILED, "cannot open tape device " + device + ": " + e.getMessage(), e);
        }
        return new SequentialChannel(write) {
            @Override
            int readTape(ByteBuffer dst) throws IOException {
                int n = file.read(dst);
                return n == 0 && dst.hasRemaining() ? -1 : n;   // st reads 0 bytes at a filemark
            }

            @Override
            void writeTape(ByteBuffer src) throws IOException {
                while (src.hasRemaining()) {
                    ByteBuffer block = src.slice(src.position(), Math.min(src.remaining(), IscsiTapeDrive.BLOCK));
                    file.write(block);
                    src.position(src.position() + block.position());
                }
            }

            @Override
            void closeTape(boolean wrote) throws IOException {
                file.close();
            }
        };
    }

    @Override
    public void unload() throws ChangerException {
        mt("offline");
    }

    private void mt(String operation) throws ChangerException {
        try {
            Process p = new ProcessBuilder("mt", "-f", device.toString(), operation).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new ChangerException(ChangerFault.TRANSIENT, "mt -f " + device + " " + operation
                        + " did not finish within 10 minutes", (Throwable) null);
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.exitValue() != 0) {
                throw new ChangerException(ChangerFault.FAILED, "mt -f " + device + " " + operation + " failed: " + out,
                        (Throwable) null);
            }
        } catch (IOException e) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "cannot run mt (Debian package mt-st) for " + device
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChangerException(ChangerFault.TRANSIENT, "interrupted during mt " + operation, e);
        }
    }

    @Override
    public void close() {
    }
}
