package org.openrsm.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.RsmException;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * The process the crash campaign kills: an embedded engine on a folder, an application that allocates, mounts
 * several media at once, writes, dismounts and deallocates for ever. Every operation the engine acknowledged is
 * appended to {@code journal.log} (forced to disk) after it returned; one with an outcome the kill may have cut
 * is announced before it starts, so that the checker knows both outcomes are right.
 */
public final class CrashWorker {
    static final String POOL = "\\Crash";

    static SimulatedLibrary library(Path folder) {
        return SimulatedLibrary.named("crashlib").drives(3).slots(14).cartridges(10).ioPorts(1)
                .robotMoveTime(Duration.ofMillis(2)).dataFolder(folder.resolve("tapes"));
    }

    static RsmServer.Builder engine(Path folder, SimulatedLibrary library) {
        return RsmServer.builder().store(folder.resolve("db")).jmx(false).deferDismountDelay(Duration.ofMillis(50))
                .library(library);
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        try (FileChannel journal = FileChannel.open(folder.resolve("journal.log"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             RsmServer server = engine(folder, library(folder)).start();
             MediaSession s = server.openSession("crash-worker")) {
            MediaPoolId pool = s.createMediaPool(POOL, s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
            s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, true, 0));
            log(journal, "START");
            // the application carries on with what it allocated before the crash
            List<LogicalMediaId> mine = new ArrayList<>();
            for (var o : s.enumerate(pool, org.openrsm.api.ObjectType.LOGICAL_MEDIA)) {
                mine.add((LogicalMediaId) o.id());
            }
            for (long n = 0; ; n++) {
                try {
                    step(s, pool, mine, random, journal, n);
                } catch (RsmException refused) {
                    // a full pool or busy drives: the next step tries something else
                }
            }
        }
    }

    private static void step(MediaSession s, MediaPoolId pool, List<LogicalMediaId> mine, Random random, FileChannel journal,
                             long n) throws Exception {
        int what = random.nextInt(10);
        if (what < 3 || mine.isEmpty()) {
            log(journal, "ALLOCATE?");
            LogicalMediaId lm = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
            mine.add(lm);
            log(journal, "ALLOCATED " + lm.value());
        } else if (what < 8) {
            List<LogicalMediaId> media = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(3) && i < mine.size(); i++) {
                LogicalMediaId lm = mine.get(random.nextInt(mine.size()));
                if (!media.contains(lm)) {
                    media.add(lm);
                }
            }
            List<DriveId> drives = s.mount(media, MountOptions.builder().write().timeout(Duration.ofSeconds(5)).build());
            for (int i = 0; i < media.size(); i++) {
                String stamp = String.format("%020d", n * 10 + i);
                log(journal, "WRITE? " + media.get(i).value() + " " + stamp);
                try (SeekableByteChannel data = s.open(drives.get(i), AccessMode.WRITE)) {
                    data.write(ByteBuffer.wrap(stamp.getBytes(StandardCharsets.US_ASCII)));
                }
                log(journal, "WROTE " + media.get(i).value() + " " + stamp);
            }
            s.dismount(media, random.nextBoolean() ? DismountMode.DEFERRED : DismountMode.IMMEDIATE);
        } else {
            LogicalMediaId lm = mine.remove(random.nextInt(mine.size()));
            log(journal, "DEALLOCATE? " + lm.value());
            try {
                s.deallocate(lm);
            } catch (RsmException mounted) {
                mine.add(lm);
                log(journal, "KEPT " + lm.value());
                return;
            }
            log(journal, "DEALLOCATED " + lm.value());
        }
        if (random.nextInt(50) == 0) {
            // sometimes the info round trip too, so kills land in reads as well
            for (LogicalMediaId lm : mine) {
                s.info(lm, LogicalMediaInfo.class);
            }
        }
    }

    private static void log(FileChannel journal, String line) throws IOException {
        journal.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
        journal.force(false);
    }

    private CrashWorker() {
    }
}
