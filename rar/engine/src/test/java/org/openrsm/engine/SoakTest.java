package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * Soak: 64 sessions on their own threads allocate, mount (often several media), write, dismount, deallocate and
 * reconnect for a while. No deadlock, work never stalls, and after warm-up neither heap (after a GC), threads nor
 * open store connections grow. Short run in the build (2 minutes); 30 minutes with
 * {@code -Dopenrsm.soak.seconds=1800} (README, src/docs/reliability.md).
 */
class SoakTest extends EngineTestBase {
    private static final int SESSIONS = 64;
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("openrsm.soak.seconds", 120));

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    record Sample(long seconds, long heap, int threads, int connections, long operations) {
    }

    @Test
    void sixtyFourSessionsRunWithoutDeadlockOrGrowth() throws Exception {
        // finished library and operator requests stay visible for the purge time (RSM's default: 3 days): a soak with
        // the default would only measure that window filling up, so the requests are purged after 20 s here
        start(l -> l.drives(4).slots(100).cartridges(90), b -> b.deferDismountDelay(Duration.ofMillis(200))
                .requestPurgeTime(Duration.ofSeconds(20)));
        MediaPoolId pool = archivePool(session("setup"));
        ExecutorService threads = Executors.newFixedThreadPool(SESSIONS);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            int n = i;
            workers.add(threads.submit(() -> work(n, pool)));
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long warmUp = RUN.toNanos() / 4;
        Duration every = Duration.ofSeconds(Math.max(2, RUN.toSeconds() / 20));
        try {
            while (System.nanoTime() - start < RUN.toNanos()) {
                long before = done.get();
                Thread.sleep(every.toMillis());
                assertThat(threadBean.findDeadlockedThreads()).as("deadlocked threads").isNull();
                assertThat(done.get()).as("work goes on (no stall) in the last %s", every).isGreaterThan(before);
                if (System.nanoTime() - start >= warmUp) {
                    System.gc();
                    samples.add(new Sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                            memory.getHeapMemoryUsage().getUsed(), threadBean.getThreadCount(), storeConnections(), done.get()));
                }
            }
        } finally {
            stop.set(true);
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("every session finished").isTrue();
        }
        for (Future<?> w : workers) {
            w.get();   // a worker that failed with anything but an RSM error fails the soak
        }
        samples.forEach(s -> System.out.println("soak: " + s));
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        System.out.printf("soak: %d sessions, %d s, %d operations (%d refused with an RSM error), heap %d -> %d KiB, "
                + "threads %d -> %d, store connections %d -> %d%n", SESSIONS, RUN.toSeconds(), done.get(), refused.get(),
                first.heap() / 1024, last.heap() / 1024, first.threads(), last.threads(), first.connections(), last.connections());
        long maxHeapAfterWarmUp = samples.stream().mapToLong(Sample::heap).max().orElseThrow();
        assertThat(last.heap()).as("heap after GC does not grow after warm-up").isLessThan(first.heap() * 3 / 2 + (16 << 20));
        assertThat(maxHeapAfterWarmUp).isLessThan(first.heap() * 2 + (32 << 20));
        assertThat(last.threads()).as("threads").isLessThanOrEqualTo(first.threads() + 2);
        assertThat(last.connections()).as("open store connections").isLessThanOrEqualTo(first.connections() + 2);

        // and the library is whole: nothing held, every cartridge where the robot has it
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(30))).isTrue();
        MediaSession s = session("checker");
        assertThat(drives(s)).extracting(DriveInfo::state).doesNotContain(DriveState.LOADED);
        assertCatalogMatchesChanger(s);
    }

    private void work(int n, MediaPoolId pool) {
        Random random = new Random(n);
        MediaSession s = null;
        List<LogicalMediaId> mine = new ArrayList<>();
        try {
            s = server.openSession("soak-" + n);
            while (!stop.get()) {
                try {
                    int what = random.nextInt(20);
                    if (mine.size() < 2 || what == 0) {
                        mine.add(s.allocate(pool, AllocateOptions.builder().timeout(Duration.ofMillis(200)).build()));
                    } else if (what == 1) {
                        s.deallocate(mine.remove(random.nextInt(mine.size())));
                    } else if (what == 2) {
                        s.close();
                        s = server.openSession("soak-" + n);
                    } else {
                        List<LogicalMediaId> media = what % 3 == 0 ? List.of(mine.get(0), mine.get(1)) : List.of(mine.get(0));
                        List<DriveId> drives = s.mount(media, MountOptions.builder().write().timeout(Duration.ofSeconds(2)).build());
                        for (DriveId d : drives) {
                            write(s.open(d, AccessMode.WRITE), "soak " + n);
                        }
                        s.dismount(media, random.nextBoolean() ? DismountMode.DEFERRED : DismountMode.IMMEDIATE);
                    }
                    done.incrementAndGet();
                } catch (RsmException e) {
                    assertThat(e.error()).as(e.getMessage()).isNotEqualTo(RsmError.INTERNAL_ERROR);
                    refused.incrementAndGet();
                    if (e.error() == RsmError.INVALID_MEDIA) {
                        mine.clear();   // deallocated by a pool with no room left, or never allocated
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError("session soak-" + n + " failed: " + e, e);
        } finally {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (RsmException e) {
                refused.incrementAndGet();
            }
        }
    }
}
