package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.RsmException;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.sim.SimulatedLibrary;
import org.openrsm.store.PostgresLab;

/**
 * Two engines on one PostgreSQL catalog and one library, under random interleavings of mounts and dismounts by
 * sessions of both, with the owner killed, frozen past its lease, or stopped at random points (issue 14). After
 * every step, through whichever engine owns the catalog: every cartridge is where the changer has it, a drive holds
 * at most one cartridge and one session, no allocation is lost, and the engine that does not own the catalog changed
 * nothing (its calls fail).
 */
class SharedCatalogPropertiesTest {
    private static final Duration LEASE = Duration.ofMillis(1200);
    private static final int MEDIA = 5;

    enum Kind { MOUNT, DISMOUNT_DEFERRED, DISMOUNT_IMMEDIATE, KILL_OWNER, FREEZE_OWNER, STOP_OWNER, CALL_ON_OTHER }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Kind, Integer>>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(5, Kind.MOUNT), Tuple.of(3, Kind.DISMOUNT_DEFERRED),
                Tuple.of(2, Kind.DISMOUNT_IMMEDIATE), Tuple.of(1, Kind.KILL_OWNER), Tuple.of(1, Kind.FREEZE_OWNER),
                Tuple.of(1, Kind.STOP_OWNER), Tuple.of(2, Kind.CALL_ON_OTHER));
        return Arbitraries.integers().between(0, MEDIA - 1).flatMap(i -> kinds.map(k -> Tuple.of(k, i)))
                .list().ofMinSize(4).ofMaxSize(10);
    }

    /** One server of the pair: its pool, its engine and its session. */
    private final class Node implements AutoCloseable {
        final String name;
        final HikariDataSource pool;
        SimulatedLibrary spec;
        RsmServer server;
        MediaSession session;

        Node(String name) {
            this.name = name;
            this.pool = PostgresLab.shared().dataSource(schema, 3);
        }

        void start(Duration standBy) throws RsmException {
            spec = library();
            server = RsmServer.builder().store(pool).serverName(name).lease(LEASE).standBy(standBy).jmx(false)
                    .library(spec).start();
            session = server.openSession("app on " + name);
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
            pool.close();
        }
    }

    private String schema;
    private Path tapes;

    private SimulatedLibrary library() {
        return SimulatedLibrary.named("shared").drives(2).slots(8).cartridges(MEDIA + 1).dataFolder(tapes);
    }

    @Property(tries = 12, seed = "14")
    void theInvariantsHoldAcrossBothServersWhateverDiesWhen(@ForAll("steps") List<Tuple.Tuple2<Kind, Integer>> steps)
            throws Exception {
        schema = PostgresLab.shared().newDatabase();
        tapes = Files.createTempDirectory("openrsm-shared-props");
        List<Node> nodes = new ArrayList<>();
        try {
            Node owner = new Node("a");
            Node other = new Node("b");
            nodes.add(owner);
            nodes.add(other);
            owner.start(Duration.ZERO);
            List<LogicalMediaId> media = new ArrayList<>();
            for (int i = 0; i < MEDIA; i++) {
                media.add(EngineTestBase.allocate(owner.session));
            }
            Map<LogicalMediaId, String> mountedBy = new HashMap<>();
            int takeovers = 0;
            for (Tuple.Tuple2<Kind, Integer> step : steps) {
                LogicalMediaId m = media.get(step.get2());
                switch (step.get1()) {
                    case MOUNT -> {
                        try {
                            owner.session.mount(List.of(m), MountOptions.builder().errorIfUnavailable().build());
                            mountedBy.put(m, owner.name);
                        } catch (RsmException busy) {
                            // both drives held, or the medium is mounted already: refused, nothing changed
                        }
                    }
                    case DISMOUNT_DEFERRED, DISMOUNT_IMMEDIATE -> {
                        try {
                            owner.session.dismount(m, step.get1() == Kind.DISMOUNT_DEFERRED ? DismountMode.DEFERRED
                                    : DismountMode.IMMEDIATE);
                            mountedBy.remove(m);
                        } catch (RsmException notMounted) {
                            // not mounted by this session
                        }
                    }
                    case CALL_ON_OTHER -> {
                        // the server that stands by has no engine; one that lost the catalog refuses every call
                        if (other.server != null) {
                            Node stale = other;
                            assertThat(catchRsm(() -> stale.session.mount(List.of(m), MountOptions.read()))).isNotNull();
                        }
                    }
                    case KILL_OWNER, FREEZE_OWNER, STOP_OWNER -> {
                        if (step.get1() == Kind.KILL_OWNER) {
                            owner.server.crash();
                        } else if (step.get1() == Kind.FREEZE_OWNER) {
                            owner.server.pauseLease();
                        } else {
                            owner.server.close();
                        }
                        if (other.server != null) {
                            other.server.close();   // what stood by before was a server that lost the catalog
                        }
                        other.start(LEASE.multipliedBy(5));
                        if (step.get1() == Kind.FREEZE_OWNER) {
                            // the frozen owner wakes up: its robot moves nothing and its store writes nothing
                            Node frozen = owner;
                            assertThat(catchRsm(() -> frozen.session.mount(List.of(m), MountOptions.read()))).isNotNull();
                            assertThat(catchRsm(() -> EngineTestBase.allocate(frozen.session))).isNotNull();
                        }
                        mountedBy.clear();   // the sessions of a dead server are gone: their tapes wait in the drives
                        takeovers++;
                        Node was = owner;
                        owner = other;
                        other = was;
                    }
                }
                assertInvariants(owner, media);
            }
            Statistics.label("takeovers").collect(takeovers);
            Statistics.label("mounted at the end").collect(mountedBy.size());
        } finally {
            for (Node n : nodes) {
                n.close();
            }
            try (var files = Files.walk(tapes)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static RsmException catchRsm(ThrowingCall call) {
        try {
            call.run();
            return null;
        } catch (RsmException e) {
            return e;
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws RsmException;
    }

    /** DESIGN.md §5 through the owner, against the changer's own element status. */
    private void assertInvariants(Node owner, List<LogicalMediaId> media) throws Exception {
        assertThat(owner.server.awaitRobotsIdle(Duration.ofSeconds(10))).isTrue();
        MediaSession s = owner.session;
        Map<String, String> hardware = new HashMap<>();
        for (ElementStatus es : owner.spec.elementStatus()) {
            if (es.full()) {
                assertThat(hardware.put(es.barCode(), es.element().toString())).as("one place for " + es.barCode()).isNull();
            }
        }
        for (ObjectInfo o : s.enumerate(null, ObjectType.PHYSICAL_MEDIA)) {
            PhysicalMediaInfo m = (PhysicalMediaInfo) o;
            String where = switch (m.locationType()) {
                case DRIVE -> org.openrsm.changer.Element.drive(s.info(m.location(), DriveInfo.class).number()).toString();
                case STORAGESLOT -> org.openrsm.changer.Element.slot(s.info(m.location(), org.openrsm.api.SlotInfo.class)
                        .number()).toString();
                default -> null;
            };
            assertThat(hardware.get(m.barCode())).as("where the robot has " + m.barCode()).isEqualTo(where);
        }
        Set<String> inDrives = new HashSet<>();
        for (ObjectInfo o : s.enumerate(null, ObjectType.DRIVE)) {
            DriveInfo d = (DriveInfo) o;
            if (d.mediumBarCode() != null) {
                assertThat(inDrives.add(d.mediumBarCode())).as(d.mediumBarCode() + " in one drive").isTrue();
            }
        }
        List<Object> allocated = s.enumerate(null, ObjectType.LOGICAL_MEDIA).stream().map(ObjectInfo::id)
                .map(Object.class::cast).toList();
        assertThat(allocated).as("no allocation lost").containsAll(media);
    }
}
