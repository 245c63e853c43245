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

    private StandBySessions standingBy(String name) throws Exception {
        StandBySessions s = StandBySessions.on(pool(), name, LEASE);
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
        assertThatThrownBy(() -> onB.open(drive, AccessMode.READ))
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
}
