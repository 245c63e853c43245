package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmException;

/**
 * Drives the connector from inside Liberty as an application would, outside transactions: every call takes
 * effect at once (a mount, a dismount and a remount in one method). {@link TxBean} covers transactions.
 */
@Stateless
@jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED)
public class ItBean {
    @Resource(lookup = "eis/openrsm")
    private MediaSessionFactory sessions;

    /** What a round trip saw. */
    public record RoundTrip(String drive, String stateWhileMounted, String stateAfterDeferred, String sameDriveOnRemount,
                            long movesBeforeRemount, long movesAfterRemount, long mountsWithoutMoveDelta, String readBack) {
    }

    /** What a timed mount saw while every drive was held. */
    public record Refusal(String error, String message, List<String> drivesBefore, List<String> drivesAfter,
                          int queuedAfter) {
    }

    public RoundTrip roundTrip(String text) throws Exception {
        try (MediaSession s = sessions.getSession()) {
            LogicalMediaId medium = s.allocate(pool(s), AllocateOptions.errorIfNoneAvailable());
            try {
                DriveId drive = s.mount(medium, MountOptions.write());
                String name = s.info(drive, DriveInfo.class).name();
                String whileMounted = driveState(name);
                try (SeekableByteChannel ch = s.open(drive, AccessMode.WRITE)) {
                    ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                }
                s.dismount(medium, DismountMode.DEFERRED);
                String afterDeferred = driveState(name);
                long moves = library("RobotMoves");
                long withoutMove = library("MountsWithoutRobotMove");
                DriveId again = s.mount(medium, MountOptions.read());
                long movesAfter = library("RobotMoves");
                long withoutMoveDelta = library("MountsWithoutRobotMove") - withoutMove;
                String read;
                try (SeekableByteChannel ch = s.open(again, AccessMode.READ)) {
                    ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
                    while (buf.hasRemaining() && ch.read(buf) > 0) {
                        // read all
                    }
                    read = new String(buf.array(), StandardCharsets.UTF_8);
                }
                s.dismount(medium, DismountMode.DEFERRED);
                return new RoundTrip(name, whileMounted, afterDeferred, String.valueOf(again.equals(drive)), moves,
                        movesAfter, withoutMoveDelta, read);
            } finally {
                s.deallocate(medium);
            }
        }
    }

    public Refusal timedMountWhileAllDrivesAreHeld(Duration timeout) throws Exception {
        try (MediaSession holder = sessions.getSession(); MediaSession other = sessions.getSession()) {
            MediaPoolId pool = pool(holder);
            List<LogicalMediaId> held = new ArrayList<>();
            for (int i = 0; i < drives(holder).size(); i++) {
                held.add(holder.allocate(pool, AllocateOptions.errorIfNoneAvailable()));
            }
            LogicalMediaId extra = other.allocate(pool, AllocateOptions.errorIfNoneAvailable());
            try {
                holder.mount(held, MountOptions.read());
                List<String> before = drives(other);
                String error = "none";
                String message = "";
                try {
                    other.mount(extra, MountOptions.builder().timeout(timeout).build());
                } catch (RsmException e) {
                    error = e.error().name();
                    message = e.getMessage();
                }
                List<String> after = drives(other);
                int queued = (Integer) ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName("org.openrsm:type=Library,name=lib1"), "QueuedRequests");
                holder.dismount(held, DismountMode.DEFERRED);
                return new Refusal(error, message, before, after, queued);
            } finally {
                for (LogicalMediaId m : held) {
                    holder.deallocate(m);
                }
                other.deallocate(extra);
            }
        }
    }

    /** "name state medium session" of every drive of the online library. */
    private static List<String> drives(MediaSession s) throws RsmException {
        List<String> out = new ArrayList<>();
        var library = s.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE).findFirst().orElseThrow();
        for (ObjectInfo o : s.enumerate(library.id(), ObjectType.DRIVE)) {
            DriveInfo d = (DriveInfo) o;
            out.add(d.name() + " " + d.state() + " " + d.mediumBarCode() + " " + d.session());
        }
        return out;
    }

    private static MediaPoolId pool(MediaSession s) throws RsmException {
        MediaPoolId pool = s.createMediaPool("\\ItArchive", s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
        s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, true, 0));
        return pool;
    }

    private static String driveState(String drive) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (String) server.getAttribute(new ObjectName("org.openrsm:type=Drive,library=lib1,name=" + drive), "State");
    }

    private static long library(String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (Long) server.getAttribute(new ObjectName("org.openrsm:type=Library,name=lib1"), attribute);
    }
}
