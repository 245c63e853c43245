package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.openrsm.api.AccessEntry;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;

/**
 * Container-managed transactions (REQUIRED) over the three connection factories: XA ({@code eis/openrsm}),
 * local ({@code eis/openrsmLocal}) and none ({@code eis/openrsmNoTx}); and the sign-on cases.
 */
@Stateless
public class TxBean {
    @Resource(lookup = "eis/openrsm")
    private MediaSessionFactory xa;
    @Resource(lookup = "eis/openrsmLocal")
    private MediaSessionFactory local;
    @Resource(lookup = "eis/openrsmNoTx")
    private MediaSessionFactory none;
    @Resource(lookup = "eis/openrsmClerk")
    private MediaSessionFactory clerk;
    @Resource
    private SessionContext context;
    @EJB
    private Inspector inspector;
    @EJB
    private org.openrsm.sample.ArchiveService archive;

    /** What one transaction did: the logical medium, its bar code, the drive it was mounted in. */
    public record Work(String medium, String barCode, String drive) {
    }

    MediaSessionFactory factory(String name) {
        return switch (name) {
            case "xa" -> xa;
            case "local" -> local;
            case "none" -> none;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Allocate, mount for writing, deferred dismount; then commit, or roll back when {@code rollbackOnly}. */
    public Work allocateMountDismount(String factory, boolean rollbackOnly) throws RsmException {
        try (MediaSession s = factory(factory).getSession()) {
            Work w = allocateAndMount(s);
            s.dismount(LogicalMediaId.parse(w.medium()), DismountMode.DEFERRED);
            if (rollbackOnly) {
                context.setRollbackOnly();
            }
            return w;
        }
    }

    /** Allocate and mount, then a system exception: the container rolls back. */
    public void allocateMountThenFail(String factory) throws RsmException {
        try (MediaSession s = factory(factory).getSession()) {
            allocateAndMount(s);
            throw new IllegalStateException("the application failed after the mount");
        }
    }

    /** Allocate, then an application exception (checked, not marked rollback): EJB rules commit the transaction. */
    public void allocateThenApplicationException(String factory) throws RsmException {
        try (MediaSession s = factory(factory).getSession()) {
            s.allocate(pool(s), AllocateOptions.errorIfNoneAvailable());
            throw new RsmException(RsmError.INVALID_STATE, "the application gives up, but commits what it did");
        }
    }

    /**
     * The sample archives a document (tape allocation, mount, write, deferred dismount, and a row in its own XA
     * database); before the commit an administrator pulls the tape out of its drive through the Drive MBean
     * ({@code DismountNtmsDrive}). At prepare the recorded dismount no longer holds and OpenRSM votes no: the whole
     * transaction, the archive index's row included, rolls back.
     */
    public org.openrsm.sample.ArchiveReceipt archiveButOpenRsmCannotPrepare(String document) throws Exception {
        org.openrsm.sample.ArchiveReceipt receipt = archive.archive(document, "doomed".getBytes());
        inspector.dismountDrive(receipt.drive());
        return receipt;
    }

    /** The sample's archive in this transaction: a tape and a row of the archive index, with two-phase commit. */
    public org.openrsm.sample.ArchiveReceipt archive(String document) throws Exception {
        return archive.archive(document, ("the text of " + document).getBytes());
    }

    /** Where the archive index says the document is. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String indexed(String document) {
        return archive.find(document).map(e -> e.medium()).orElse(null);
    }

    static Work allocateAndMount(MediaSession s) throws RsmException {
        LogicalMediaId m = s.allocate(pool(s), AllocateOptions.errorIfNoneAvailable());
        DriveId drive = s.mount(m, MountOptions.write());
        LogicalMediaInfo info = s.info(m, LogicalMediaInfo.class);
        String barCode = s.info(info.physicalMedia(), PhysicalMediaInfo.class).barCode();
        return new Work(m.toString(), barCode, s.info(drive, DriveInfo.class).name());
    }

    static MediaPoolId pool(MediaSession s) throws RsmException {
        MediaPoolId pool = s.createMediaPool("\\TxArchive", s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
        s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, true, 0));
        return pool;
    }

    // ---- sign-on and rights

    /** For each right, what the principal is refused; "allowed" where it passes. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<String> rightsOf(String how, String user) throws RsmException {
        MediaPoolId guarded;
        LogicalMediaId inGuarded;
        String drive;
        try (MediaSession admin = none.getSession()) {
            guarded = admin.createMediaPool("\\Guarded", admin.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
            admin.setMediaPoolPolicy(guarded, new MediaPoolPolicy(true, true, 0));
            admin.setSecurity(guarded, Acl.of(AccessEntry.of("admin", AccessRight.USE, AccessRight.MODIFY, AccessRight.CONTROL),
                    AccessEntry.of("alice", AccessRight.USE, AccessRight.MODIFY, AccessRight.CONTROL)));
            inGuarded = admin.allocate(guarded, AllocateOptions.errorIfNoneAvailable());
            drive = admin.enumerate(admin.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE)
                    .findFirst().orElseThrow().id(), ObjectType.DRIVE).get(0).id().toString();
        }
        List<String> out = new ArrayList<>();
        try (MediaSession s = "container".equals(how) ? clerk.getSession() : none.getSession(new SessionSpec("it", user, null))) {
            out.add(attempt("USE", () -> s.info(inGuarded, LogicalMediaInfo.class)));
            out.add(attempt("MODIFY", () -> {
                s.disable(DriveId.parse(drive));
                return null;
            }));
            out.add(attempt("CONTROL", () -> s.allocate(guarded, AllocateOptions.errorIfNoneAvailable())));
        } finally {
            try (MediaSession admin = none.getSession()) {
                admin.enable(DriveId.parse(drive));
            } catch (RsmException e) {
                // was not disabled
            }
        }
        return out;
    }

    @FunctionalInterface
    interface Attempt {
        Object run() throws RsmException;
    }

    private static String attempt(String right, Attempt a) {
        try {
            a.run();
            return right + " allowed";
        } catch (RsmException e) {
            return right + " " + e.error() + (e.error() == RsmError.ACCESS_DENIED && e.getMessage().contains(right)
                    ? " naming the right" : ": " + e.getMessage());
        }
    }

    /** "name state medium session" of one drive. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String drive(String name) throws RsmException {
        return drives().stream().filter(d -> d.startsWith(name + " ")).findFirst().orElseThrow();
    }

    /** "name state medium session" of every drive. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<String> drives() throws RsmException {
        try (MediaSession s = none.getSession()) {
            List<String> out = new ArrayList<>();
            var library = s.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE).findFirst().orElseThrow();
            for (ObjectInfo o : s.enumerate(library.id(), ObjectType.DRIVE)) {
                DriveInfo d = (DriveInfo) o;
                out.add(d.name() + " " + d.state() + " " + d.mediumBarCode() + " " + d.session());
            }
            return out;
        }
    }

    static Object attribute(String name, String attribute) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(name), attribute);
    }
}
