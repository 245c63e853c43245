package org.openrsm.sample;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * An archive application as it would use OpenRSM: each payload goes to a tape of its own pool
 * {@code \Archive} (allocate, mount for writing, write, deferred dismount) and is read back by the logical
 * medium id the application keeps. Deferred dismounts leave the tape in its drive, so reading what was just
 * archived costs no robot move.
 */
@Stateless
public class ArchiveService {
    static final String POOL = "\\Archive";
    static final String MEDIA_TYPE = "LTO_Ultrium";
    /** a mount gives up before the transaction it runs in does (Liberty's default transaction timeout: 120 s) */
    static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(60);

    /** the largest upload taken when server.xml does not say ({@code <jndiEntry jndiName="sample/maxUploadBytes">}) */
    static final long DEFAULT_MAX_UPLOAD_BYTES = 64L << 20;
    /** the header of an archive written in blocks; an archive of an earlier version has its length there */
    private static final long BLOCKS = -1;

    @Resource(lookup = "eis/openrsm")
    private MediaSessionFactory sessions;

    @jakarta.ejb.EJB
    private ArchiveIndex index;

    private long maxUploadBytes;

    @PostConstruct
    void readLimits() {
        maxUploadBytes = UploadLimit.configured(DEFAULT_MAX_UPLOAD_BYTES);
    }

    /**
     * Archives {@code payload} as {@code document} on a newly allocated side of {@code \Archive} and records in the
     * application's index which tape holds it, in one XA transaction. The name is claimed first: a document archived
     * already (or being archived by a concurrent request) is refused before any tape is touched. If anything fails
     * later, the claim and the tape's allocation roll back together, and the tape waits in its drive (deferred
     * dismount) for the next archive.
     *
     * @param declaredLength the request's Content-Length, or -1 when the client streams without one
     */
    public ArchiveReceipt archive(String document, InputStream payload, long declaredLength) throws RsmException, ClientException {
        Upload upload = Upload.start(payload, declaredLength, maxUploadBytes);
        if (document != null) {
            index.claim(document);
        }
        ArchiveReceipt receipt = write(upload);
        if (document != null) {
            index.record(document, receipt);
        }
        return receipt;
    }

    /** {@link #archive(String, InputStream, long)} of bytes in memory. */
    public ArchiveReceipt archive(String document, byte[] payload) throws RsmException, ClientException {
        return archive(document, new ByteArrayInputStream(payload), payload.length);
    }

    /** Archives {@code payload} on a newly allocated side of {@code \Archive}, without a document name. */
    public ArchiveReceipt archive(byte[] payload) throws RsmException, ClientException {
        return archive(null, payload);
    }

    /** Where the index says the document is. */
    public java.util.Optional<ArchiveIndex.Entry> find(String document) {
        return index.find(document);
    }

    /** The upload streamed to a new tape: a header, then blocks of at most {@link Upload#BLOCK} bytes, then an empty one. */
    private ArchiveReceipt write(Upload upload) throws RsmException, ClientException {
        try (MediaSession session = sessions.getSession()) {
            MediaPoolId pool = archivePool(session);
            LogicalMediaId medium = session.allocate(pool, AllocateOptions.errorIfNoneAvailable());
            DriveId drive = session.mount(medium, MountOptions.builder().write().timeout(MOUNT_TIMEOUT).build());
            long bytes;
            try (SeekableByteChannel data = session.open(drive, AccessMode.WRITE)) {
                writeFully(data, ByteBuffer.allocate(Long.BYTES).putLong(0, BLOCKS));
                bytes = upload.copyTo(data);
            } catch (IOException e) {
                throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, "writing to the tape in " + drive + " failed: " + e.getMessage(), e);
            }
            session.dismount(medium, DismountMode.DEFERRED);
            return receipt(session, medium, drive, bytes);
        }
    }

    /** Reads back what {@link #archive} wrote on {@code medium}. */
    public byte[] read(LogicalMediaId medium) throws RsmException {
        try (MediaSession session = sessions.getSession()) {
            DriveId drive = session.mount(medium, MountOptions.builder().read().timeout(MOUNT_TIMEOUT).build());
            try (SeekableByteChannel data = session.open(drive, AccessMode.READ)) {
                return readArchive(data, medium);
            } catch (EOFException e) {
                throw new RsmException(RsmError.BAD_FORMAT, "logical medium " + medium + " holds no complete archive written by "
                        + "this application: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new RsmException(RsmError.DEVICE_NOT_AVAILABLE, "reading the tape in " + drive + " failed: " + e.getMessage(), e);
            } finally {
                session.dismount(medium, DismountMode.DEFERRED);
            }
        }
    }

    private static byte[] readArchive(SeekableByteChannel data, LogicalMediaId medium) throws IOException, RsmException {
        ByteBuffer header = ByteBuffer.allocate(Long.BYTES);
        readFully(data, header);
        long length = header.getLong(0);
        if (length == BLOCKS) {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            ByteBuffer size = ByteBuffer.allocate(Integer.BYTES);
            while (true) {
                readFully(data, size.clear());
                int n = size.getInt(0);
                if (n == 0) {
                    return payload.toByteArray();
                }
                if (n < 0 || n > Upload.BLOCK) {
                    throw new RsmException(RsmError.BAD_FORMAT, "logical medium " + medium + " holds no archive written by this application");
                }
                ByteBuffer block = ByteBuffer.allocate(n);
                readFully(data, block);
                payload.write(block.array(), 0, n);
            }
        }
        // a tape is read forward and does not know its size: a header that promises more than the tape
        // holds ends in EOFException
        if (length < 0 || length > Integer.MAX_VALUE - Long.BYTES) {
            throw new RsmException(RsmError.BAD_FORMAT, "logical medium " + medium + " holds no archive written by this application");
        }
        ByteBuffer payload = ByteBuffer.allocate((int) length);
        readFully(data, payload);
        return payload.array();
    }

    /** Gives the archive's tape back: the side is deallocated and becomes available to the pool again. */
    public void delete(LogicalMediaId medium) throws RsmException {
        try (MediaSession session = sessions.getSession()) {
            session.deallocate(medium);
            // in the same XA transaction: the index never points at a tape that went back to the pool
            index.forget(medium.toString());
        }
    }

    /**
     * Sends an archive's tape home now instead of when its drive's defer-dismount delay runs out: the sample's own
     * sessions dismount deferred, so the tape waits DISMOUNTABLE in its drive ({@code DismountNtmsDrive}). A tape
     * that a session holds is in use (INVALID_STATE); one that is not in a drive has nothing to do (INVALID_STATE).
     */
    public String sendHome(LogicalMediaId medium) throws RsmException {
        try (MediaSession session = sessions.getSession()) {
            LogicalMediaInfo logical = session.info(medium, LogicalMediaInfo.class);
            PhysicalMediaInfo cartridge = session.info(logical.physicalMedia(), PhysicalMediaInfo.class);
            if (cartridge.locationType() != ObjectType.DRIVE) {
                throw new RsmException(RsmError.INVALID_STATE, "the tape " + cartridge.barCode() + " of " + medium
                        + " is not in a drive: it is home already");
            }
            DriveId drive = (DriveId) cartridge.location();
            DriveInfo info = session.info(drive, DriveInfo.class);
            if (info.state() != DriveState.DISMOUNTABLE) {
                throw new RsmException(RsmError.INVALID_STATE, "the tape " + cartridge.barCode() + " is in use in "
                        + info.name() + (info.session() == null ? "" : " by " + info.session()) + "; it goes home when "
                        + "that session dismounts it");
            }
            session.dismountDrive(drive);
            return info.name();
        }
    }

    /** Every drive of the online libraries. */
    public List<DriveInfo> drives() throws RsmException {
        try (MediaSession session = sessions.getSession()) {
            List<DriveInfo> drives = new ArrayList<>();
            for (LibraryInfo library : session.libraries()) {
                if (library.libraryType() == LibraryType.ONLINE) {
                    for (ObjectInfo o : session.enumerate(library.id(), ObjectType.DRIVE)) {
                        drives.add((DriveInfo) o);
                    }
                }
            }
            return drives;
        }
    }

    private static MediaPoolId archivePool(MediaSession session) throws RsmException {
        MediaPoolId pool = session.createMediaPool(POOL, session.mediaType(MEDIA_TYPE), CreateDisposition.OPEN_ALWAYS);
        MediaPoolPolicy policy = session.info(pool, MediaPoolInfo.class).policy();
        if (!policy.allocateFromFree() || !policy.deallocateToFree()) {
            // an archive draws blank tapes from the Free pool, and a deleted archive gives its tape back there: other
            // applications do not starve while tapes sit unused in \Archive
            session.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, true, policy.maxAllocations()));
        }
        return pool;
    }

    private static ArchiveReceipt receipt(MediaSession session, LogicalMediaId medium, DriveId drive, long bytes) throws RsmException {
        LogicalMediaInfo logical = session.info(medium, LogicalMediaInfo.class);
        PhysicalMediaInfo cartridge = session.info(logical.physicalMedia(), PhysicalMediaInfo.class);
        DriveInfo driveInfo = session.info(drive, DriveInfo.class);
        return new ArchiveReceipt(medium.toString(), cartridge.barCode(), driveInfo.name(), bytes);
    }

    private static void writeFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void readFully(SeekableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the tape ends after " + buffer.position() + " of " + buffer.capacity() + " bytes");
            }
        }
    }
}
