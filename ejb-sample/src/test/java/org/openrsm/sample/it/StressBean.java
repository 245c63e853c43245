package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;
import org.openrsm.api.SlotInfo;

/**
 * Many threads, each running transactions of allocate, mount, deferred dismount and the deallocation of its
 * previous medium, a quarter of them rolled back; then DESIGN.md §5's invariants, checked through the API.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class StressBean {
    @Resource(lookup = "eis/openrsm")
    private MediaSessionFactory xa;
    @Resource(lookup = "eis/openrsmNoTx")
    private MediaSessionFactory none;
    @Resource
    private ManagedExecutorService executor;

    /** What the run did and what the checks found (empty {@code violations}: all invariants hold). */
    public record Result(int committed, int rolledBack, int failed, List<String> failures, List<String> violations) {
    }

    public Result run(int threads, int transactionsPerThread) throws Exception {
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger rolledBack = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        MediaPoolId pool;
        try (MediaSession s = none.getSession()) {
            // a pool of its own: afterwards it must hold no logical medium
            pool = s.createMediaPool("\\Stress", s.mediaType("LTO_Ultrium"), org.openrsm.api.CreateDisposition.OPEN_ALWAYS);
            s.setMediaPoolPolicy(pool, new org.openrsm.api.MediaPoolPolicy(true, true, 0));
        }
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            tasks.add(executor.submit(() -> {
                Random random = new Random(seed);
                LogicalMediaId previous = null;
                UserTransaction ut;
                try {
                    ut = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
                } catch (javax.naming.NamingException e) {
                    failures.add("no UserTransaction: " + e);
                    return;
                }
                for (int i = 0; i < transactionsPerThread; i++) {
                    try {
                        ut.begin();
                        MediaSession s = xa.getSession();
                        try {
                            if (previous != null) {
                                s.deallocate(previous);
                            }
                            LogicalMediaId m = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
                            s.mount(m, MountOptions.builder().read().timeout(java.time.Duration.ofMinutes(2)).build());
                            s.dismount(m, DismountMode.DEFERRED);
                            if (random.nextInt(4) == 0) {
                                ut.rollback();
                                rolledBack.incrementAndGet();
                            } else {
                                ut.commit();
                                committed.incrementAndGet();
                                previous = m;
                            }
                        } finally {
                            s.close();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                        try {
                            if (ut.getStatus() != Status.STATUS_NO_TRANSACTION) {
                                ut.rollback();
                            }
                        } catch (Exception ignored) {
                            // nothing more to do
                        }
                    }
                }
                if (previous != null) {
                    try (MediaSession s = none.getSession()) {
                        s.deallocate(previous);
                    } catch (RsmException e) {
                        failures.add("final deallocate: " + e);
                    }
                }
            }));
        }
        for (Future<?> f : tasks) {
            f.get();
        }
        return new Result(committed.get(), rolledBack.get(), failures.size(), failures.subList(0, Math.min(10, failures.size())),
                invariants(pool));
    }

    /** DESIGN.md §5, through the API: one place per cartridge, sides and logical media agree, no drive held. */
    private List<String> invariants(MediaPoolId pool) throws RsmException {
        List<String> violations = new ArrayList<>();
        try (MediaSession s = none.getSession()) {
            var library = s.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE).findFirst().orElseThrow();
            Set<Object> places = new HashSet<>();
            for (ObjectInfo o : s.enumerate(null, ObjectType.PHYSICAL_MEDIA)) {
                PhysicalMediaInfo m = (PhysicalMediaInfo) o;
                if (m.locationType() != ObjectType.LIBRARY && !places.add(m.location())) {
                    violations.add(m.barCode() + " shares " + m.location() + " with another cartridge");
                }
                if (m.locationType() == ObjectType.STORAGESLOT
                        && !m.id().equals(s.info(m.location(), SlotInfo.class).medium())) {
                    violations.add(m.barCode() + " is not what its slot holds");
                }
            }
            Set<Object> sides = new HashSet<>();
            for (ObjectInfo o : s.enumerate(null, ObjectType.LOGICAL_MEDIA)) {
                LogicalMediaInfo l = (LogicalMediaInfo) o;
                if (!sides.add(l.side())) {
                    violations.add("side " + l.side() + " is behind two logical media");
                }
                SideInfo side = s.info(l.side(), SideInfo.class);
                if (!l.id().equals(side.logicalMedia()) || side.state() != SideState.ALLOCATED && side.state() != SideState.COMPLETE) {
                    violations.add("logical medium " + l.id() + " and its side disagree: " + side);
                }
            }
            for (ObjectInfo o : s.enumerate(library.id(), ObjectType.DRIVE)) {
                DriveInfo d = (DriveInfo) o;
                if (d.session() != null) {
                    violations.add(d.name() + " is still held by " + d.session());
                }
            }
            int leftInPool = s.enumerate(pool, ObjectType.LOGICAL_MEDIA).size();
            if (leftInPool != 0) {
                violations.add(leftInPool + " logical media left in the stress pool");
            }
        }
        return violations;
    }
}
