package org.openrsm.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * A request body on its way to tape, never held in memory whole: it is read in blocks of {@link #BLOCK} bytes and each
 * block is written as it arrives. An upload that declares more than the limit is refused before anything is read or
 * any tape touched; one that streams past it without declaring its length is refused when it does (its blocks roll
 * back with the tape's allocation).
 */
public final class Upload {
    static final int BLOCK = 64 * 1024;

    private final InputStream body;
    private final long limit;
    private final byte[] block = new byte[BLOCK];
    private int pending;
    private long total;

    private Upload(InputStream body, long limit) {
        this.body = body;
        this.limit = limit;
    }

    /**
     * Checks the declared length and reads the first block: an empty body is refused here, before any tape is
     * allocated.
     *
     * @param declaredLength the request's Content-Length, or -1 when it has none
     */
    static Upload start(InputStream body, long declaredLength, long limit) throws RsmException, ClientException {
        if (declaredLength > limit) {
            throw new PayloadTooLargeException(tooLarge(declaredLength + " bytes", limit));
        }
        Upload upload = new Upload(body, limit);
        upload.fill();
        if (upload.pending == 0) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "nothing to archive: the request body is empty");
        }
        return upload;
    }

    /** Writes every block (size, bytes) and the empty block that ends them; the number of payload bytes. */
    long copyTo(SeekableByteChannel tape) throws IOException, ClientException {
        ByteBuffer size = ByteBuffer.allocate(Integer.BYTES);
        while (true) {
            writeFully(tape, size.clear().putInt(0, pending));
            if (pending == 0) {
                return total;
            }
            writeFully(tape, ByteBuffer.wrap(block, 0, pending));
            fill();
        }
    }

    /** Reads the next block (up to {@link #BLOCK} bytes; fewer only at the end of the body). */
    private void fill() throws ClientException {
        pending = 0;
        try {
            while (pending < BLOCK) {
                int n = body.read(block, pending, BLOCK - pending);
                if (n < 0) {
                    break;
                }
                pending += n;
                if (total + pending > limit) {
                    throw new PayloadTooLargeException(tooLarge("more than " + limit + " bytes", limit));
                }
            }
        } catch (IOException e) {
            throw new UnreadableUploadException("the request body could not be read after " + (total + pending)
                    + " bytes (cut off or badly chunked?): " + e.getMessage(), e);
        }
        total += pending;
    }

    private static String tooLarge(String what, long limit) {
        return "the upload of " + what + " exceeds this archive's limit of " + limit + " bytes (jndiEntry "
                + "sample/maxUploadBytes in server.xml)";
    }

    private static void writeFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
