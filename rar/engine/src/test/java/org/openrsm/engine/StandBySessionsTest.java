package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AccessMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveState;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmNotification;
import org.openrsm.api.SessionSpec;
import org.openrsm.store.CallQueue;
import org.openrsm.store.Store;

/**
 * Sessions on a server standing by (issue 14, item 2): their calls are queued in the shared catalog and served by the
 * owner, so they see its catalog and its library; they end with the server that served them, and the owner ends the
 * sessions of a server standing by that died. On the tests' own PostgreSQL (tools/pg-lab).
 */
class StandBySessionsTest extends SharedCatalogTestBase {

    /** A server standing by, configured with the owner's library: the same data folder (a shared file system). */
    private StandBySessions standingBy(String name) throws Exception {
        StandBySessions s = StandBySessions.on(pool(), name, LEASE, List.of(library()));
        opened.push(s);
        return s;
    }

    @Test
    void aSessionOnAServerStandingByMountsAndDismountsThroughTheOwner() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        MediaSession onB = standingBy("b").openSession(SessionSpec.application("remote-app"));
        assertThat(a.remoteSessions()).isEqualTo(1);

        LogicalMediaId medium = allocate(onB);
        assertThat(onA.enumerate(null, ObjectType.LOGICAL_MEDIA)).extracting(ObjectInfo::id).containsExactly(medium);
        DriveId drive = onB.mount(medium, MountOptions.write());
        assertThat(drive(onA, drive).state()).as("the owner's catalog").isEqualTo(DriveState.LOADED);
        assertThat(drive(onA, drive).session()).contains("remote-app");
        assertCatalogMatchesChanger(onA);

        // errors come back as the owner's session raised them
        LogicalMediaId unknown = new LogicalMediaId(java.util.UUID.randomUUID());
        Throwable local = catchThrowable(() -> onA.mount(unknown, MountOptions.read()));
        assertThat(local).isInstanceOf(RsmException.class);
        assertThat(catchThrowable(() -> onB.mount(unknown, MountOptions.read())))
                .isInstanceOf(RsmException.class).hasMessage(local.getMessage());
        assertThatThrownBy(() -> onB.mountNoWait(List.of(medium), MountOptions.read()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.NOT_SUPPORTED))
                .hasMessageContaining("call it on the server driving the catalog (a)");

        onB.dismount(medium, DismountMode.DEFERRED);
        assertThat(drive(onA, drive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        onB.close();
        assertThat(a.remoteSessions()).isZero();
        assertThatThrownBy(onB::libraries).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.NOT_CONNECTED));
        assertCatalogMatchesChanger(onA);
    }

    @Test
    void theOwnerTakesQueuedCallsByPriorityThenInTheOrderTheyCame() throws Exception {
        Store store = Store.of(pool());
        opened.push(store);
        CallQueue queue = new CallQueue(store);
        long first = queue.submit("b", "s1", 0, new byte[] {1});
        long urgent = queue.submit("b", "s2", 7, new byte[] {2});
        long second = queue.submit("c", "s3", 0, new byte[] {3});
        long low = queue.submit("c", "s4", -7, new byte[] {4});
        List<Long> taken = new ArrayList<>();
        queue.take().forEach(c -> taken.add(c.id()));
        assertThat(taken).containsExactly(urgent, first, second, low);
        assertThat(queue.take()).as("taken calls are being served, not queued").isEmpty();
        queue.answer(second, "c", new byte[] {9});
        assertThat(queue.takeAnswer(second)).containsExactly(9);
        assertThat(queue.takeAnswer(second)).as("an answer is taken once").isNull();
        assertThat(queue.takeAnswer(first)).isNull();
    }

    @Test
    void theOwnerEndsTheSessionsOfAServerStandingByThatDied() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        StandBySessions b = standingBy("b");
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());

        b.crash();
        await().atMost(LEASE.multipliedBy(4)).until(() -> a.remoteSessions() == 0);
        // its tape waits in its drive for the next mount, never lost
        assertThat(drive(onA, drive).state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(onA.mount(medium, MountOptions.read())).isEqualTo(drive);
        assertCatalogMatchesChanger(onA);
    }

    @Test
    void aSessionEndsWithTheOwnerThatServedItAndTheNextOwnerServesNewSessions() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        StandBySessions b = standingBy("b");
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());

        a.crash();
        RsmServer c = serverNamed("c", LEASE.multipliedBy(4), LEASE);
        assertThatThrownBy(onB::libraries)
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.NOT_CONNECTED))
                .hasMessageContaining("ended with the server that drove the catalog before");
        MediaSession again = b.openSession(SessionSpec.application("remote-app"));
        assertThat(c.remoteSessions()).isEqualTo(1);
        assertThat(drive(again, drive).state()).as("the dead server's session is gone").isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(again.mount(medium, MountOptions.read())).isEqualTo(drive);
        assertCatalogMatchesChanger(c.openSession("app"));
    }

    /**
     * The catalog's rows are input like any other: a call that is not the API's values (a class outside them, bytes that
     * are no call at all) is answered with an error that names it and never read into objects; the owner goes on
     * serving, and nothing in the library moved.
     */
    @Test
    void theOwnerAnswersACallItCannotReadWithAnErrorAndGoesOnServing() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        MediaSession onB = standingBy("b").openSession(SessionSpec.application("remote-app"));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());
        Store store = Store.of(pool());
        opened.push(store);
        CallQueue queue = new CallQueue(store);

        java.io.ByteArrayOutputStream foreign = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(foreign)) {
            out.writeObject(new java.io.File("/etc/passwd"));   // no value of the API
        }
        long[] calls = {queue.submit("b", "s1", 0, foreign.toByteArray()),
            queue.submit("b", "s2", 0, "no call at all".getBytes(java.nio.charset.StandardCharsets.UTF_8))};
        for (long call : calls) {
            byte[][] answer = new byte[1][];
            await().atMost(Duration.ofSeconds(10)).until(() -> (answer[0] = queue.takeAnswer(call)) != null);
            String failure;
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(answer[0]))) {
                failure = in.readObject().toString();
            }
            assertThat(failure).startsWith("Failure[error=NOT_CONNECTED").contains("cannot be read");
        }
        assertThat(onB.info(drive, org.openrsm.api.DriveInfo.class).state()).as("still served").isEqualTo(DriveState.LOADED);
        assertThat(drive(onA, drive).session()).contains("remote-app");
        assertCatalogMatchesChanger(onA);
    }

    /**
     * A session on a server standing by subscribes to notifications as on the owner: it gets the same ones, in the
     * same order, and none once it is closed.
     */
    @Test
    void aSessionOnAServerStandingByGetsTheOwnersNotificationsInOrder() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        MediaSession onB = standingBy("b").openSession(SessionSpec.application("remote-app"));
        List<RsmNotification> here = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<RsmNotification> there = new java.util.concurrent.CopyOnWriteArrayList<>();
        onA.addNotificationListener(ObjectType.DRIVE, here::add);
        onB.addNotificationListener(ObjectType.DRIVE, there::add);
        assertThatThrownBy(() -> onB.addNotificationListener(null, null))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));

        LogicalMediaId medium = allocate(onA);
        DriveId drive = onA.mount(medium, MountOptions.write());
        onA.dismount(medium, DismountMode.IMMEDIATE);
        await().atMost(Duration.ofSeconds(10)).until(() -> !here.isEmpty() && there.size() >= here.size());
        assertThat(there).as("the owner's notifications of drives, in its order").isEqualTo(here);
        assertThat(there).extracting(RsmNotification::id).contains(drive);

        onB.close();
        int before = there.size();
        onA.mount(medium, MountOptions.read());
        await().atMost(Duration.ofSeconds(10)).until(() -> here.size() > before);
        Thread.sleep(LEASE.toMillis());   // what would come would have come: a notification takes milliseconds
        assertThat(there).as("none after the session closed").hasSize(before);
    }

    /**
     * A caller is woken by the notification of its own answer, not by a look now and then: with a lease of a minute a
     * caller that missed it would look again only after 15 s, so ten calls would take minutes.
     */
    @Test
    void aCallerIsWokenByTheNotificationOfItsAnswer() throws Exception {
        Duration lease = Duration.ofMinutes(1);
        serverNamed("a", Duration.ZERO, lease);
        StandBySessions b = StandBySessions.on(pool(), "b", lease);
        opened.push(b);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
            for (int i = 0; i < 10; i++) {
                assertThat(onB.libraries()).isNotEmpty();
            }
        });
    }

    // ---- the data path (item 4): a session on a server standing by opens the drive it was given

    /**
     * What a session on the server standing by writes to the drive it was given is on the tape, and the owner's
     * sessions read it there; the other way round too. The owner checks the open as its own: a drive of another
     * session, or writing a tape mounted for reading, is refused with the same error.
     */
    @Test
    void aSessionOnAServerStandingByWritesTheDriveItWasGivenAndTheOwnerReadsIt() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        MediaSession onB = standingBy("b").openSession(SessionSpec.application("remote-app"));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());
        write(onB.open(drive, AccessMode.WRITE), "written on b");
        onB.dismount(medium, DismountMode.DEFERRED);

        DriveId again = onA.mount(medium, MountOptions.write());
        assertThat(again).as("no robot move: the tape waited in its drive").isEqualTo(drive);
        assertThat(read(onA.open(again, AccessMode.READ))).isEqualTo("written on b");
        write(onA.open(again, AccessMode.WRITE), "written on a");
        onA.dismount(medium, DismountMode.DEFERRED);
        onB.mount(medium, MountOptions.read());
        assertThat(read(onB.open(drive, AccessMode.READ))).isEqualTo("written on a");

        for (MediaSession s : List.of(onA, onB)) {
            assertThat(catchThrowable(() -> s.open(drive, AccessMode.WRITE))).as("a tape mounted for reading")
                    .satisfies(e -> assertThat(errorOf(e)).isEqualTo(s == onA ? RsmError.INVALID_STATE
                            : RsmError.WRITE_PROTECT));
        }
        Throwable local = catchThrowable(() -> onA.open(drive, AccessMode.READ));
        assertThat(local).as("the drive of another session").isInstanceOf(RsmException.class);
        onB.dismount(medium, DismountMode.DEFERRED);
        onA.mount(medium, MountOptions.read());
        assertThat(catchThrowable(() -> onB.open(drive, AccessMode.READ))).isInstanceOf(RsmException.class)
                .hasMessage(local.getMessage());
        assertCatalogMatchesChanger(onA);
    }

    /**
     * A call of the session that releases the side (here a dismount) closes its channel first, as the owner closes
     * its own: the owner never unloads a drive the server standing by still writes to.
     */
    @Test
    void aDismountClosesTheChannelOnTheServerStandingByFirst() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        MediaSession onB = standingBy("b").openSession(SessionSpec.application("remote-app"));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());
        java.nio.channels.SeekableByteChannel channel = onB.open(drive, AccessMode.WRITE);
        channel.write(java.nio.ByteBuffer.wrap("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        onB.dismount(medium, DismountMode.IMMEDIATE);
        assertThat(channel.isOpen()).isFalse();
        assertThatThrownBy(() -> channel.write(java.nio.ByteBuffer.wrap(new byte[] {4})))
                .as("closed here before the dismount was sent, not taken back by the owner after it")
                .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        assertThat(drive(onA, drive).state()).as("the tape went home").isEqualTo(DriveState.DISMOUNTED);
        assertThat(read(onA.open(onA.mount(medium, MountOptions.read()), AccessMode.READ))).isEqualTo("abc");
        assertCatalogMatchesChanger(onA);
    }

    /**
     * A side given back by an earlier owner reads blank on the server standing by too, and once written there it is
     * its new owner's on every server.
     */
    @Test
    void aSideGivenBackReadsBlankOnTheServerStandingByUntilWrittenThere() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        MediaSession onB = standingBy("b").openSession(SessionSpec.application("remote-app"));
        LogicalMediaId first = allocate(onB);
        org.openrsm.api.RsmId side = onB.info(first, org.openrsm.api.LogicalMediaInfo.class).side();
        write(onB.open(onB.mount(first, MountOptions.write()), AccessMode.WRITE), "the first owner's");
        onB.dismount(first, DismountMode.DEFERRED);
        onB.deallocate(first);

        LogicalMediaId next = null;
        for (int i = 0; i < 8 && next == null; i++) {
            LogicalMediaId m = allocate(onB);
            if (onB.info(m, org.openrsm.api.LogicalMediaInfo.class).side().equals(side)) {
                next = m;
            }
        }
        assertThat(next).as("the side given back is allocated again").isNotNull();
        DriveId drive = onB.mount(next, MountOptions.write());
        assertThat(read(onB.open(drive, AccessMode.READ))).as("blank for its new owner").isEmpty();
        write(onB.open(drive, AccessMode.WRITE), "new");
        onB.dismount(next, DismountMode.DEFERRED);
        onA.mount(next, MountOptions.read());
        assertThat(read(onA.open(drive, AccessMode.READ))).as("written by its owner, on b").isEqualTo("new");
    }

    /**
     * When the owner dies, the channel of a session on the server standing by stops before any other server could
     * have moved its tape: the grant holds no longer than the owner's lease. What was written is on the tape.
     */
    @Test
    void aChannelOnTheServerStandingByStopsWhenTheOwnerThatGrantedItDies() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        StandBySessions b = standingBy("b");
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());
        java.nio.channels.SeekableByteChannel channel = onB.open(drive, AccessMode.WRITE);
        channel.write(java.nio.ByteBuffer.wrap("before".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        org.openrsm.store.Ownership catalog = new org.openrsm.store.Ownership(store(), "observer", LEASE);
        a.crash();
        await().atMost(LEASE.multipliedBy(2)).pollInterval(Duration.ofMillis(10)).until(() -> catchThrowable(() ->
                channel.write(java.nio.ByteBuffer.wrap(new byte[0]))) instanceof java.io.IOException);
        assertThat(catalog.holder().expiredAt(catalog.databaseNow()))
                .as("the channel stopped while the dead owner's lease ran: before any server could take over").isFalse();
        RsmServer c = serverNamed("c", LEASE.multipliedBy(4), LEASE);
        assertThatThrownBy(() -> channel.write(java.nio.ByteBuffer.wrap(new byte[] {1})))
                .isInstanceOf(java.io.IOException.class);
        channel.close();
        MediaSession onC = c.openSession("app");
        assertThat(onC.mount(medium, MountOptions.read())).isEqualTo(drive);
        assertThat(read(onC.open(drive, AccessMode.READ))).isEqualTo("before");
        assertCatalogMatchesChanger(onC);
    }

    /** A server standing by that has not the drive's library configured says so; the owner's grant is given back. */
    @Test
    void aServerStandingByWithoutTheLibrarySaysSo() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        StandBySessions b = StandBySessions.on(pool(), "b", LEASE);
        opened.push(b);
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());
        assertThatThrownBy(() -> onB.open(drive, AccessMode.WRITE))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.DEVICE_NOT_AVAILABLE))
                .hasMessageContaining("has no library " + LIB + " configured");
        assertThat(grantsOn(a, drive)).as("given back").isZero();
        assertThat(drive(a.openSession("app"), drive).state()).isEqualTo(DriveState.LOADED);
    }

    // ---- transactions of sessions on a server standing by

    private static List<Object> logicalMedia(MediaSession s) throws RsmException {
        return s.enumerate(null, ObjectType.LOGICAL_MEDIA).stream().map(ObjectInfo::id).map(Object.class::cast).toList();
    }

    /**
     * A branch of sessions on the server standing by lives on the owner: what it does is seen by nobody else until it
     * commits; prepared, it is logged as the standing-by server's (its transaction manager's to decide), not the owner's.
     */
    @Test
    void aBranchOfSessionsOnAServerStandingByPreparesAndCommitsOnTheOwner() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        StandBySessions b = standingBy("b");
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        TransactionBranch branch = b.branch("xid-remote-1");
        branch.timeout(Duration.ofMinutes(1));
        branch.enlist(onB);
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(medium, MountOptions.write());
        assertThat(logicalMedia(onA)).as("not seen outside the branch").doesNotContain(medium);
        branch.delist(onB);

        assertThat(branch.prepare()).isTrue();
        assertThat(StandByTransactions.on(pool(), "b").inDoubt()).as("b's to decide").containsExactly("xid-remote-1");
        assertThat(a.inDoubtBranches()).as("not the owner's transaction manager's").isEmpty();
        assertThat(branch.log()).contains("prepare");
        branch.commit(false);
        assertThat(b.existingBranch("xid-remote-1")).isNull();
        assertThat(logicalMedia(onA)).contains(medium);
        assertThat(drive(onA, drive).state()).isEqualTo(DriveState.LOADED);
        assertThat(StandByTransactions.on(pool(), "b").inDoubt()).isEmpty();
        assertCatalogMatchesChanger(onA);
    }

    /** A rollback leaves no trace but the tape, which waits in its drive; a local transaction works the same way. */
    @Test
    void aBranchOrALocalTransactionOnAServerStandingByRollsBackOnTheOwner() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        MediaSession onB = standingBy("b").openSession(SessionSpec.application("remote-app"));
        LogicalMediaId kept = allocate(onB);

        org.openrsm.api.RsmLocalTransaction tx = onB.localTransaction();
        tx.begin();
        assertThatThrownBy(tx::begin).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
        LogicalMediaId medium = allocate(onB);
        DriveId drive = onB.mount(kept, MountOptions.write());
        tx.rollback();
        assertThat(tx.isActive()).isFalse();
        assertThat(logicalMedia(onA)).contains(kept).doesNotContain(medium);
        assertThat(drive(onA, drive).state()).as("the mount rolled back: the tape waits").isEqualTo(DriveState.DISMOUNTABLE);

        tx.begin();
        LogicalMediaId committed = allocate(onB);
        tx.commit();
        assertThat(logicalMedia(onA)).contains(committed);
        assertThatThrownBy(tx::commit).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
        assertCatalogMatchesChanger(onA);
    }

    /**
     * The owner dies between prepare and commit: the commit fails, the branch is in doubt for the standing-by server's
     * transaction manager, which records its decision in the catalog; the next owner carries it out.
     */
    @Test
    void aBranchPreparedForAServerStandingByIsDecidedThroughTheCatalogWhenItsOwnerDied() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        StandBySessions b = standingBy("b");
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        TransactionBranch branch = b.branch("xid-remote-2");
        branch.enlist(onB);
        LogicalMediaId medium = allocate(onB);
        assertThat(branch.prepare()).isTrue();

        a.crash();
        RsmServer c = serverNamed("c", LEASE.multipliedBy(4), LEASE);
        assertThatThrownBy(() -> branch.commit(false)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.NOT_CONNECTED));
        assertThat(c.inDoubtBranches()).as("not c's transaction manager's").isEmpty();
        StandByTransactions recovery = StandByTransactions.on(pool(), "b");
        assertThat(recovery.inDoubt()).containsExactly("xid-remote-2");
        assertThat(recovery.decide("xid-remote-2", true)).isEqualTo(StandByTransactions.Decision.RECORDED);
        MediaSession onC = c.openSession("app");
        await().atMost(LEASE.multipliedBy(3)).until(() -> logicalMedia(onC).contains(medium));
        assertThat(recovery.inDoubt()).isEmpty();
        assertCatalogMatchesChanger(onC);
    }

    /** A server standing by that dies before it prepared its branch: the owner rolls the branch back. */
    @Test
    void theBranchesOfAServerStandingByThatDiedBeforePreparingAreRolledBack() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        StandBySessions b = standingBy("b");
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        TransactionBranch branch = b.branch("xid-remote-3");
        branch.enlist(onB);
        LogicalMediaId medium = allocate(onB);
        assertThat(a.existingBranch("xid-remote-3")).isNotNull();

        b.crash();
        await().atMost(LEASE.multipliedBy(4)).until(() -> a.existingBranch("xid-remote-3") == null);
        assertThat(logicalMedia(onA)).doesNotContain(medium);
        LogicalMediaId again = allocate(onA);
        assertThat(again).as("its tape is free again").isNotNull();
        assertCatalogMatchesChanger(onA);
    }

    /**
     * A server standing by that dies after it prepared: the owner keeps the branch in doubt; the server, back, finds it
     * among its branches in doubt and records its decision in the catalog, which the living owner carries out.
     */
    @Test
    void aServerStandingByThatDiedAfterPreparingDecidesItsBranchWhenBack() throws Exception {
        RsmServer a = serverNamed("a", Duration.ZERO, LEASE);
        MediaSession onA = a.openSession("app");
        StandBySessions b = standingBy("b");
        MediaSession onB = b.openSession(SessionSpec.application("remote-app"));
        TransactionBranch branch = b.branch("xid-remote-4");
        branch.enlist(onB);
        LogicalMediaId medium = allocate(onB);
        assertThat(branch.prepare()).isTrue();

        b.crash();
        await().atMost(LEASE.multipliedBy(4)).until(() -> a.remoteSessions() == 0);
        assertThat(a.existingBranch("xid-remote-4")).as("prepared: only b's transaction manager decides it").isNotNull();
        assertThat(logicalMedia(onA)).doesNotContain(medium);
        standingBy("b");   // back
        StandByTransactions recovery = StandByTransactions.on(pool(), "b");
        assertThat(recovery.inDoubt()).containsExactly("xid-remote-4");
        assertThat(recovery.decide("xid-remote-4", true)).isEqualTo(StandByTransactions.Decision.RECORDED);
        await().atMost(LEASE.multipliedBy(3)).until(() -> logicalMedia(onA).contains(medium));
        assertThat(a.existingBranch("xid-remote-4")).isNull();
        assertCatalogMatchesChanger(onA);
    }

    private Store store() throws RsmException {
        Store store = Store.of(pool());
        opened.push(store);
        return store;
    }

    private static int grantsOn(RsmServer server, DriveId drive) throws Exception {
        Engine engine = server.engine();
        return engine.lock.call(() -> engine.driveRuns.get(drive).channels.size());
    }
}
