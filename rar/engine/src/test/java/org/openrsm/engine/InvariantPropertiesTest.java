package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.InventoryMethod;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.PortInfo;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SideState;
import org.openrsm.api.SlotInfo;
import org.openrsm.changer.ElementStatus;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * DESIGN.md §5's invariants after every step of random sequences of operations by several sessions, with
 * injected robot faults and restarts. One engine serves all tries (so states accumulate, as in a real
 * library); each try closes its sessions and deallocates what it allocated.
 */
class InvariantPropertiesTest {
    private static final String LIB = "proplib";
    private static Path dir;
    private static SimulatedLibrary sim;
    private static RsmServer server;
    private static MediaPoolId[] pools;

    enum Kind { ALLOCATE, DEALLOCATE, MOUNT, MOUNT_FAST, DISMOUNT_DEFERRED, DISMOUNT_IMMEDIATE, DISMOUNT_DRIVE, SET_COMPLETE,
        SWAP, MOVE_TO_POOL, EJECT_AND_INJECT, INVENTORY, DISABLE_DRIVE, ENABLE_DRIVE, FAULT, SERVICE, CLOSE_SESSION,
        DEFER_ZERO, RESTART, IDENTIFY_SLOT, EJECT_ALL_AND_INJECT_ALL, TRANSACTION, MOUNT_MANY_AND_WRITE, READ_BACK }

    record Op(Kind kind, int session, int a, int b) {
    }

    @BeforeContainer
    static void startEngine() throws Exception {
        dir = Files.createTempDirectory("openrsm-props");
        start();
        try (MediaSession admin = server.openSession("setup")) {
            pools = new MediaPoolId[2];
            for (int i = 0; i < 2; i++) {
                pools[i] = admin.createMediaPool("\\Prop" + i, admin.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
                admin.setMediaPoolPolicy(pools[i], new MediaPoolPolicy(true, i == 1, 0));
            }
        }
    }

    private static void start() throws RsmException {
        sim = SimulatedLibrary.named(LIB).drives(3).slots(12).cartridges(9).ioPorts(1).dataFolder(dir.resolve("tapes"));
        server = RsmServer.builder().store(dir.resolve("db")).library(sim).jmx(false).start();
    }

    @AfterContainer
    static void stopEngine() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private final List<MediaSession> sessions = new ArrayList<>();
    private final List<LogicalMediaId> allocated = new ArrayList<>();

    @AfterTry
    void cleanUp() throws Exception {
        for (MediaSession s : sessions) {
            s.close();
        }
        sessions.clear();
        try (MediaSession admin = server.openSession("cleanup")) {
            for (LogicalMediaId m : allocated) {
                try {
                    admin.deallocate(m);
                } catch (RsmException e) {
                    // already gone, or never there
                }
            }
            answerServiceRequests(admin);
            for (ObjectInfo o : admin.enumerate(library(admin).id(), ObjectType.DRIVE)) {
                if (!((DriveInfo) o).enabled()) {
                    admin.enable(o.id());
                }
            }
        }
        allocated.clear();
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.ALLOCATE)), net.jqwik.api.Tuple.of(12, Arbitraries.just(Kind.MOUNT)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.MOUNT_FAST)),
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.DISMOUNT_DEFERRED)),
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.DISMOUNT_IMMEDIATE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.DEALLOCATE)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.MOUNT_MANY_AND_WRITE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.READ_BACK)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(Kind.DISMOUNT_DRIVE, Kind.SET_COMPLETE, Kind.SWAP, Kind.MOVE_TO_POOL,
                        Kind.EJECT_AND_INJECT, Kind.INVENTORY, Kind.ENABLE_DRIVE, Kind.SERVICE, Kind.CLOSE_SESSION, Kind.DEFER_ZERO,
                        Kind.IDENTIFY_SLOT, Kind.EJECT_ALL_AND_INJECT_ALL, Kind.TRANSACTION)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Kind.DISABLE_DRIVE, Kind.FAULT, Kind.RESTART)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 11), Arbitraries.integers().between(0, 11)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 1000, seed = "20261124")
    void invariantsHoldAfterEveryStep(@ForAll("operations") List<Op> ops) throws Exception {
        for (Op op : ops) {
            step(op);
            assertThat(server.awaitRobotsIdle(Duration.ofSeconds(30))).as("robots idle after " + op).isTrue();
            checkInvariants(op);
        }
    }

    private MediaSession session(int i) throws RsmException {
        while (sessions.size() <= i) {
            sessions.add(server.openSession("app" + sessions.size()));
        }
        return sessions.get(i);
    }

    private LogicalMediaId pick(int i) {
        return allocated.isEmpty() ? LogicalMediaId.random() : allocated.get(i % allocated.size());
    }

    private static LibraryInfo library(MediaSession s) throws RsmException {
        return s.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE).findFirst().orElseThrow();
    }

    private static List<PhysicalMediaInfo> media(MediaSession s) throws RsmException {
        return s.enumerate(null, ObjectType.PHYSICAL_MEDIA).stream().map(o -> (PhysicalMediaInfo) o)
                .sorted(Comparator.comparing(PhysicalMediaInfo::barCode)).toList();
    }

    /** Runs the operation: it succeeds or fails with an RSM error, never with anything else. */
    private void step(Op op) throws Exception {
        MediaSession s = session(op.session());
        try {
            switch (op.kind()) {
                case ALLOCATE -> allocated.add(s.allocate(pools[op.a() % 2], AllocateOptions.errorIfNoneAvailable()));
                case DEALLOCATE -> s.deallocate(pick(op.a()));
                case MOUNT -> s.mount(pick(op.a()), MountOptions.builder().timeout(Duration.ofMillis(100))
                        .priority(op.b() - 6).build());
                case MOUNT_FAST -> s.mount(List.of(pick(op.a()), pick(op.b())), MountOptions.builder().errorIfUnavailable()
                        .write().build());
                case DISMOUNT_DEFERRED -> s.dismount(pick(op.a()), DismountMode.DEFERRED);
                case DISMOUNT_IMMEDIATE -> s.dismount(pick(op.a()), DismountMode.IMMEDIATE);
                case DISMOUNT_DRIVE -> s.dismountDrive(((DriveInfo) s.enumerate(library(s).id(), ObjectType.DRIVE)
                        .get(op.a() % 3)).id());
                case SET_COMPLETE -> s.setComplete(pick(op.a()));
                case SWAP -> s.swap(pick(op.a()), pick(op.b()));
                case MOVE_TO_POOL -> s.moveToMediaPool(media(s).get(op.a() % media(s).size()).id(), pools[op.b() % 2]);
                case EJECT_AND_INJECT -> ejectAndInject(s, op.a());
                case INVENTORY -> s.awaitLibraryRequest(s.inventory(library(s).id(), InventoryMethod.FAST), Duration.ofSeconds(30));
                case DISABLE_DRIVE -> s.disable(s.enumerate(library(s).id(), ObjectType.DRIVE).get(op.a() % 3).id());
                case ENABLE_DRIVE -> {
                    for (ObjectInfo o : s.enumerate(library(s).id(), ObjectType.DRIVE)) {
                        if (!((DriveInfo) o).enabled()) {
                            s.enable(o.id());
                        }
                    }
                }
                case FAULT -> sim.failNextMove("injected fault");
                case SERVICE -> answerServiceRequests(s);
                case CLOSE_SESSION -> {
                    s.close();
                    sessions.set(op.session(), server.openSession("app" + op.session() + "-again"));
                }
                case DEFER_ZERO -> s.setDeferDismountDelay(((DriveInfo) s.enumerate(library(s).id(), ObjectType.DRIVE)
                        .get(op.a() % 3)).id(), Duration.ofMillis(op.b() % 2 == 0 ? 0 : 300_000));
                case RESTART -> restart();
                case IDENTIFY_SLOT -> s.identifySlot(((SlotInfo) s.enumerate(library(s).id(), ObjectType.STORAGESLOT).get(op.a()))
                        .id(), op.b() % 2 == 0 ? DismountMode.IMMEDIATE : DismountMode.DEFERRED);
                case EJECT_ALL_AND_INJECT_ALL -> ejectAllAndInjectAll(s, op.a());
                case TRANSACTION -> transaction(s, op);
                case MOUNT_MANY_AND_WRITE -> mountManyAndWrite(s, op);
                case READ_BACK -> readBack(s, op.a());
            }
            net.jqwik.api.statistics.Statistics.label("outcome").collect(op.kind() + " ok");
        } catch (RsmException expected) {
            net.jqwik.api.statistics.Statistics.label("outcome").collect(op.kind() + " " + expected.error());
            assertThat(expected.error()).isNotNull();
            assertThat(expected.getMessage()).startsWith(expected.error().name() + ": ");
        }
    }

    /**
     * What was last written on each side, as the application wrote it (fixed length, so overwrites replace it), and
     * for which logical medium: a side given back since (deallocated, or its allocation rolled back) reads blank to
     * its next owner until that owner writes.
     */
    private static final Map<RsmId, Stamp> written = new HashMap<>();

    private record Stamp(LogicalMediaId owner, String text) {
    }
    private static int stamps;

    /**
     * Mounts two or three media in one call (eviction included), checks that each has its own drive holding its side,
     * writes a new stamp for each, and leaves them as deferred dismounts.
     */
    private void mountManyAndWrite(MediaSession s, Op op) throws Exception {
        List<LogicalMediaId> media = new ArrayList<>();
        for (int i = 0; i < 2 + op.b() % 2; i++) {
            LogicalMediaId m = pick(op.a() + i);
            if (!media.contains(m)) {
                media.add(m);
            }
        }
        List<org.openrsm.api.DriveId> drives = s.mount(media, MountOptions.builder().write().timeout(Duration.ofMillis(100)).build());
        assertThat(drives).as("one drive per medium").doesNotHaveDuplicates().hasSize(media.size());
        for (int i = 0; i < media.size(); i++) {
            RsmId side = s.info(media.get(i), LogicalMediaInfo.class).side();
            assertThat(s.info(drives.get(i), DriveInfo.class).mountedSide()).as("drive of " + media.get(i)).isEqualTo(side);
            String stamp = String.format("stamp-%010d", ++stamps);
            try (var channel = s.open(drives.get(i), org.openrsm.api.AccessMode.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(stamp.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            }
            written.put(side, new Stamp(media.get(i), stamp));
        }
        s.dismount(media, DismountMode.DEFERRED);
    }

    /** Mounts a medium for reading: it holds what was last written for it. */
    private void readBack(MediaSession s, int index) throws Exception {
        LogicalMediaId m = pick(index);
        org.openrsm.api.DriveId drive = s.mount(m, MountOptions.builder().timeout(Duration.ofMillis(100)).build());
        Stamp last = written.get(s.info(m, LogicalMediaInfo.class).side());
        String expected = last == null ? null : last.owner().equals(m) ? last.text() : "";
        try (var channel = s.open(drive, org.openrsm.api.AccessMode.READ)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16);
            while (buf.hasRemaining() && channel.read(buf) > 0) {
                assertThat(buf.position()).isPositive();
            }
            String found = new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.US_ASCII);
            if (expected != null) {
                assertThat(found).as("data of " + m).isEqualTo(expected);
            }
        }
        s.dismount(m, DismountMode.DEFERRED);
    }

    /** Data written for a side is on that side's cartridge, whatever moved since (the simulator's data files). */
    private static void checkData(MediaSession s, String context) throws Exception {
        for (var it = written.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            SideInfo side;
            try {
                side = s.info(e.getKey(), SideInfo.class);
            } catch (RsmException gone) {
                it.remove();   // an ejected import or unrecognized cartridge is forgotten, as RSM does
                continue;
            }
            String barCode = s.info(side.physicalMedia(), PhysicalMediaInfo.class).barCode();
            Path data = dir.resolve("tapes").resolve(barCode + ".data");
            String found = Files.exists(data) ? new String(Files.readAllBytes(data), java.nio.charset.StandardCharsets.US_ASCII) : "";
            assertThat(found).as(context + ": data on " + barCode).startsWith(e.getValue().text());
        }
    }

    private void ejectAndInject(MediaSession s, int index) throws Exception {
        List<PhysicalMediaInfo> media = media(s);
        PhysicalMediaInfo m = media.get(index % media.size());
        var port = ((PortInfo) s.enumerate(library(s).id(), ObjectType.IEPORT).get(0)).id();
        var eject = s.awaitLibraryRequest(s.eject(m.id(), port), Duration.ofSeconds(30));
        if (eject.error() == null) {
            assertThat(s.info(m.id(), PhysicalMediaInfo.class).locationType()).isEqualTo(ObjectType.LIBRARY);
            s.awaitLibraryRequest(s.inject(library(s).id(), port), Duration.ofSeconds(30));
        }
    }

    private static int branches;

    /**
     * A transaction branch: allocate, mount, deferred dismount, a deferred deallocation of an earlier medium, then
     * a rollback, a one-phase commit or a two-phase one; a failure on the way rolls the branch back.
     */
    private void transaction(MediaSession s, Op op) throws Exception {
        TransactionBranch tx = server.branch("prop-" + (++branches));
        tx.enlist(s);
        try {
            LogicalMediaId m = s.allocate(pools[op.a() % 2], AllocateOptions.errorIfNoneAvailable());
            LogicalMediaId earlier = allocated.isEmpty() || op.a() % 2 == 0 ? null : pick(op.a());
            if (earlier != null) {
                s.deallocate(earlier);
            }
            s.mount(m, MountOptions.builder().timeout(Duration.ofMillis(100)).build());
            s.dismount(m, DismountMode.DEFERRED);
            switch (op.b() % 3) {
                case 0 -> {
                    tx.delist(s);
                    tx.rollback();
                }
                case 1 -> tx.commit(true);
                default -> {
                    tx.delist(s);
                    if (tx.prepare()) {
                        tx.commit(false);
                    }
                }
            }
            if (op.b() % 3 != 0) {
                allocated.add(m);
                allocated.remove(earlier);
            }
        } finally {
            TransactionBranch open = server.existingBranch(tx.xid());
            if (open != null) {
                open.delist(s);
                open.rollback();
            }
        }
    }

    private void ejectAllAndInjectAll(MediaSession s, int index) throws Exception {
        List<PhysicalMediaInfo> media = media(s);
        PhysicalMediaInfo m = media.get(index % media.size());
        var eject = s.awaitLibraryRequest(s.ejectAll(List.of(m.id())), Duration.ofSeconds(30));
        if (eject.error() == null) {
            assertThat(s.info(m.id(), PhysicalMediaInfo.class).locationType()).isEqualTo(ObjectType.LIBRARY);
            s.awaitLibraryRequest(s.injectAll(library(s).id()), Duration.ofSeconds(30));
        }
    }

    private static void answerServiceRequests(MediaSession s) throws RsmException {
        for (ObjectInfo o : s.enumerate(null, ObjectType.OPREQUEST)) {
            OperatorRequestInfo r = (OperatorRequestInfo) o;
            if (r.state() == OperatorRequestState.SUBMITTED || r.state() == OperatorRequestState.ACTIVE
                    || r.state() == OperatorRequestState.INPROGRESS) {
                s.satisfyOperatorRequest(r.id());
            }
        }
    }

    /** Committed state survives a restart: cartridges, pools and allocations are where they were. */
    private void restart() throws Exception {
        for (MediaSession s : sessions) {
            s.close();
        }
        sessions.clear();
        // closing sessions may send media home (a drive with no defer delay): let the robot finish first
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(30))).isTrue();
        Map<RsmId, String> before = snapshot();
        server.close();
        start();
        assertThat(snapshot()).isEqualTo(before);
    }

    private static Map<RsmId, String> snapshot() throws RsmException {
        Map<RsmId, String> out = new HashMap<>();
        try (MediaSession s = server.openSession("snapshot")) {
            for (PhysicalMediaInfo m : media(s)) {
                out.put(m.id(), m.barCode() + " " + m.location() + " " + m.mediaPool() + " " + m.homeSlot());
                for (ObjectInfo o : s.enumerate(m.id(), ObjectType.PARTITION)) {
                    SideInfo side = (SideInfo) o;
                    out.put(side.id(), side.state() + " " + side.logicalMedia() + " " + side.allocateCount());
                }
            }
        }
        return out;
    }

    private void checkInvariants(Op after) throws Exception {
        assertThat(server.inDoubtBranches()).as("no branch in doubt after " + after).isEmpty();
        try (MediaSession s = server.openSession("checker")) {
            String context = "after " + after;
            LibraryInfo lib = library(s);
            List<PhysicalMediaInfo> media = media(s);
            // a cartridge is in exactly one place; a drive, slot or port holds at most one
            Set<RsmId> places = new HashSet<>();
            for (PhysicalMediaInfo m : media) {
                assertThat(m.location()).as(context + ": %s has a place", m.barCode()).isNotNull();
                if (m.locationType() != ObjectType.LIBRARY) {
                    assertThat(places.add(m.location())).as(context + ": %s shares its place", m.barCode()).isTrue();
                }
            }
            // the catalog matches the changer, never ahead of it
            Map<String, String> hardware = new HashMap<>();
            for (ElementStatus es : sim.elementStatus()) {
                if (es.full()) {
                    hardware.put(es.barCode(), es.element().toString());
                }
            }
            for (PhysicalMediaInfo m : media) {
                String where = switch (m.locationType()) {
                    case DRIVE -> "drive " + s.info(m.location(), DriveInfo.class).number();
                    case STORAGESLOT -> "slot " + s.info(m.location(), SlotInfo.class).number();
                    case IEPORT -> "port " + s.info(m.location(), PortInfo.class).number();
                    default -> null;
                };
                assertThat(hardware.get(m.barCode())).as(context + ": where the robot has %s", m.barCode()).isEqualTo(where);
            }
            // drives: a medium in every non-empty drive; a session only on LOADED drives, and LOADED ones have one
            for (ObjectInfo o : s.enumerate(lib.id(), ObjectType.DRIVE)) {
                DriveInfo d = (DriveInfo) o;
                assertThat(d.state()).as(context + ": " + d.name()).isIn(DriveState.DISMOUNTED, DriveState.LOADED,
                        DriveState.DISMOUNTABLE);
                assertThat(d.mediumBarCode() == null).as(context + ": " + d.name() + " empty").isEqualTo(d.state() == DriveState.DISMOUNTED);
                assertThat(d.session() != null).as(context + ": " + d.name() + " held").isEqualTo(d.state() == DriveState.LOADED);
            }
            // a side is allocated to at most one logical medium, and the two agree
            Set<RsmId> allocatedSides = new HashSet<>();
            for (ObjectInfo o : s.enumerate(null, ObjectType.LOGICAL_MEDIA)) {
                LogicalMediaInfo l = (LogicalMediaInfo) o;
                assertThat(allocatedSides.add(l.side())).as(context + ": side of %s given twice", l.id()).isTrue();
                SideInfo side = s.info(l.side(), SideInfo.class);
                assertThat(side.logicalMedia()).as(context).isEqualTo(l.id());
                assertThat(side.state()).as(context).isIn(SideState.ALLOCATED, SideState.COMPLETE);
            }
            for (ObjectInfo o : s.enumerate(null, ObjectType.PARTITION)) {
                SideInfo side = (SideInfo) o;
                assertThat(side.logicalMedia() != null).as(context + ": side %s", side.id())
                        .isEqualTo(allocatedSides.contains(side.id()));
            }
            checkData(s, context);
            // every mount queue is empty once the calls have returned
            assertThat(s.libraryRequests(lib.id())).as(context).noneMatch(r -> r.completed() == null
                    && r.state() != org.openrsm.api.LibraryRequestState.INPROCESS);
        }
    }
}
