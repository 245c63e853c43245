package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.PendingMount;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.Priority;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

class SchedulingTest extends EngineTestBase {

    @Test
    void aMountedMediumBelongsToItsSessionUntilDismounted() throws Exception {
        start(2, 10);
        MediaSession a = session("app-a");
        MediaSession b = session("app-b");
        LogicalMediaId medium = allocate(a);
        a.mount(medium, MountOptions.read());

        assertThatThrownBy(() -> b.mount(medium, MountOptions.builder().errorIfUnavailable().build()))
                .isInstanceOf(RsmException.class)
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.BUSY))
                .hasMessageContaining("mounted by session app-a");
        assertThatThrownBy(() -> b.dismount(medium, DismountMode.IMMEDIATE))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.MEDIA_NOT_AVAILABLE));

        PendingMount waiting = b.mountNoWait(List.of(medium), MountOptions.read());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        a.dismount(medium, DismountMode.DEFERRED);
        DriveId drive = waiting.await(Duration.ofSeconds(10)).get(0);
        assertThat(drive(b, drive).session()).isEqualTo("app-b");
        assertThat(libraryBean().getMountsWithoutRobotMove()).isEqualTo(1);
    }

    @Test
    void mountWithATimeoutWhileAllDrivesAreHeldFailsWithTimeoutAndChangesNothing() throws Exception {
        start(2, 10);
        MediaSession a = session("app-a");
        MediaSession b = session("app-b");
        a.mount(List.of(allocate(a), allocate(a)), MountOptions.read());
        LogicalMediaId third = allocate(b);
        List<DriveInfo> drivesBefore = drives(b);
        List<PhysicalMediaInfo> mediaBefore = media(b);

        assertThatThrownBy(() -> b.mount(third, MountOptions.builder().timeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(RsmException.class)
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.TIMEOUT))
                .hasMessageContaining("drive1 held by session app-a");

        assertThat(drives(b)).usingRecursiveComparison().isEqualTo(drivesBefore);
        assertThat(media(b)).usingRecursiveComparison().isEqualTo(mediaBefore);
        assertThat(libraryBean().getQueuedRequests()).isZero();
    }

    @Test
    void closingASessionKeepsItsMediaAsDeferredDismountsAndCancelsItsWaits() throws Exception {
        start(1, 10);
        MediaSession a = session("app-a");
        MediaSession b = session("app-b");
        LogicalMediaId first = allocate(a);
        LogicalMediaId second = allocate(a);
        DriveId drive = a.mount(first, MountOptions.read());
        PendingMount waiting = b.mountNoWait(List.of(second), MountOptions.read());

        b.close();
        assertThatThrownBy(() -> waiting.await(Duration.ofSeconds(5)))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.CANCELLED));

        a.close();
        MediaSession c = session("app-c");
        DriveInfo info = drive(c, drive);
        assertThat(info.state()).isEqualTo(DriveState.DISMOUNTABLE);
        assertThat(info.session()).isNull();
        assertThat(c.mount(first, MountOptions.read())).isEqualTo(drive);
        assertThat(libraryBean().getMountsWithoutRobotMove()).isEqualTo(1);
    }

    @Test
    void higherPriorityIsServedFirstThenFirstComeFirstServed() throws Exception {
        start(1, 10);
        MediaSession holder = session("holder");
        LogicalMediaId held = allocate(holder);
        holder.mount(held, MountOptions.read());
        List<String> served = new CopyOnWriteArrayList<>();
        record Waiter(String name, MediaSession session, LogicalMediaId medium, PendingMount pending) {
        }
        List<Waiter> waiters = new java.util.ArrayList<>();
        for (Object[] w : new Object[][] {{"low", Priority.LOW}, {"normal-1", Priority.NORMAL}, {"high", Priority.HIGH},
                {"normal-2", Priority.NORMAL}}) {
            MediaSession s = session((String) w[0]);
            LogicalMediaId m = allocate(s);
            waiters.add(new Waiter((String) w[0], s, m,
                    s.mountNoWait(List.of(m), MountOptions.builder().priority((Integer) w[1]).build())));
        }
        holder.dismount(held, DismountMode.IMMEDIATE);
        for (int i = 0; i < waiters.size(); i++) {
            await().atMost(Duration.ofSeconds(10)).until(() -> waiters.stream().anyMatch(
                    w -> w.pending().isDone() && !served.contains(w.name())));
            Waiter next = waiters.stream().filter(w -> w.pending().isDone() && !served.contains(w.name())).findFirst().orElseThrow();
            assertThat(waiters.stream().filter(w -> w.pending().isDone() && !served.contains(w.name()))).hasSize(1);
            served.add(next.name());
            next.pending().await(Duration.ofSeconds(1));
            next.session().dismount(next.medium(), DismountMode.IMMEDIATE);
        }
        assertThat(served).containsExactly("high", "normal-1", "normal-2", "low");
    }

    @Test
    void errorIfUnavailableFailsAtOnceWhenNoDriveIsFree() throws Exception {
        start(1, 10);
        MediaSession a = session("app-a");
        a.mount(allocate(a), MountOptions.read());
        LogicalMediaId other = allocate(a);
        assertThatThrownBy(() -> a.mount(other, MountOptions.builder().errorIfUnavailable().build()))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.BUSY))
                .hasMessageContaining("drive1");
        assertThat(libraryBean().getQueuedRequests()).isZero();
    }

    @Test
    void aCancelledPendingMountLeavesTheQueue() throws Exception {
        start(1, 10);
        MediaSession a = session("app-a");
        a.mount(allocate(a), MountOptions.read());
        PendingMount pending = a.mountNoWait(List.of(allocate(a)), MountOptions.read());
        assertThat(libraryBean().getQueuedRequests()).isEqualTo(1);
        pending.cancel();
        assertThat(libraryBean().getQueuedRequests()).isZero();
        assertThatThrownBy(() -> pending.await(Duration.ofSeconds(1)))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.CANCELLED));
    }

    @Test
    void aDisabledDriveGetsNoMounts() throws Exception {
        start(2, 10);
        MediaSession s = session("app");
        DriveId first = drives(s).get(0).id();
        driveBean("drive1").disable();
        assertThat(drive(s, first).enabled()).isFalse();
        DriveId used = s.mount(allocate(s), MountOptions.read());
        assertThat(used).isNotEqualTo(first);
        assertThatThrownBy(() -> s.mount(allocate(s), MountOptions.builder().specificDrives(List.of(first)).build()))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.RESOURCE_DISABLED));
    }
}
