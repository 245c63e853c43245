package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.transaction.UserTransaction;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.ObjectName;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.MountOptions;

/**
 * The cost of one mount + deferred dismount cycle through the connector: without a transaction (NoTransaction
 * factory), in a JTA transaction with OpenRSM alone (XA factory, one-phase commit), and in a two-phase one with the
 * archive index's XA data source beside it. The medium waits in its drive between cycles, so no robot moves.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class CycleBenchmarkBean {
    @Resource(lookup = "eis/openrsm")
    private MediaSessionFactory xa;
    @Resource(lookup = "eis/openrsmNoTx")
    private MediaSessionFactory none;
    @Resource(lookup = "jdbc/archiveIndex")
    private javax.sql.DataSource index;
    @Resource
    private UserTransaction transaction;

    /** the percentiles {@link Figures#percentiles} holds, for the performance report's distribution plot */
    public static final double[] PERCENTILES = {1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.9};

    /** Median and 99th percentile in microseconds, store commits per cycle, and the {@link #PERCENTILES} (µs). */
    public record Figures(String kind, int cycles, double medianMicros, double p99Micros, double storeCommitsPerCycle,
                          double[] percentiles) {
        @Override
        public String toString() {
            return String.format("%-40s %6d cycles  median %8.1f µs  p99 %8.1f µs  %.1f store commits/cycle", kind, cycles,
                    medianMicros, p99Micros, storeCommitsPerCycle);
        }
    }

    public Figures run(String kind, int warmup, int cycles) throws Exception {
        LogicalMediaId medium;
        try (MediaSession s = none.getSession()) {
            medium = s.allocate(TxBean.pool(s), AllocateOptions.errorIfNoneAvailable());
        }
        for (int i = 0; i < warmup; i++) {
            cycle(kind, medium, i);
        }
        long[] nanos = new long[cycles];
        long commits = storeCommits();
        for (int i = 0; i < cycles; i++) {
            long t = System.nanoTime();
            cycle(kind, medium, warmup + i);
            nanos[i] = System.nanoTime() - t;
        }
        double perCycle = (storeCommits() - commits) / (double) cycles;
        try (MediaSession s = none.getSession()) {
            s.deallocate(medium);
        }
        Arrays.sort(nanos);
        double[] percentiles = new double[PERCENTILES.length];
        for (int i = 0; i < PERCENTILES.length; i++) {
            percentiles[i] = nanos[Math.min(cycles - 1, (int) (cycles * PERCENTILES[i] / 100))] / 1000.0;
        }
        return new Figures(kind, cycles, nanos[cycles / 2] / 1000.0, nanos[(int) (cycles * 0.99)] / 1000.0, perCycle,
                percentiles);
    }

    private void cycle(String kind, LogicalMediaId medium, int n) throws Exception {
        switch (kind) {
            case "no transaction" -> {
                try (MediaSession s = none.getSession()) {
                    s.mount(medium, MountOptions.read());
                    s.dismount(medium, DismountMode.DEFERRED);
                }
            }
            case "XA, one phase" -> {
                transaction.begin();
                try (MediaSession s = xa.getSession()) {
                    s.mount(medium, MountOptions.read());
                    s.dismount(medium, DismountMode.DEFERRED);
                }
                transaction.commit();
            }
            case "XA, two phases with the archive index" -> {
                transaction.begin();
                try (MediaSession s = xa.getSession()) {
                    s.mount(medium, MountOptions.read());
                    s.dismount(medium, DismountMode.DEFERRED);
                }
                try (var c = index.getConnection(); var ps = c.prepareStatement("INSERT INTO ARCHIVE_INDEX VALUES (?, ?, ?, 0)")) {
                    ps.setString(1, "bench-" + System.nanoTime() + "-" + n);
                    ps.setString(2, medium.toString());
                    ps.setString(3, "BENCH");
                    ps.executeUpdate();
                }
                transaction.commit();
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static long storeCommits() throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("org.openrsm:type=Transactions"),
                "StoreCommits");
    }
}
