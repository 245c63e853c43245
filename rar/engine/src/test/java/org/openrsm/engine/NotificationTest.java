package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmNotification;

/** Every change of a stored object is notified, in commit order, to the subscribers of its type (RSM.md §6). */
class NotificationTest extends EngineTestBase {

    @Test
    void subscribersGetInsertUpdateDeleteAndRequestCompletionInOrder() throws Exception {
        start(2, 6);
        List<RsmNotification> all = new CopyOnWriteArrayList<>();
        List<RsmNotification> logical = new CopyOnWriteArrayList<>();
        server.addNotificationListener(null, all::add);
        MediaSession s = session("app");
        s.addNotificationListener(ObjectType.LOGICAL_MEDIA, logical::add);

        LogicalMediaId m = allocate(s);
        s.mount(m, MountOptions.read());
        s.dismount(m, DismountMode.IMMEDIATE);
        s.awaitIdle(m, Duration.ofSeconds(5));
        s.deallocate(m);

        await().atMost(Duration.ofSeconds(5)).until(() -> logical.size() == 2);
        assertThat(logical).extracting(RsmNotification::operation).containsExactly(NotificationOperation.INSERT,
                NotificationOperation.DELETE);
        assertThat(logical).extracting(RsmNotification::id).containsOnly(m);
        await().atMost(Duration.ofSeconds(5)).until(() -> all.stream().anyMatch(n -> n.operation() == NotificationOperation.COMPLETE));
        assertThat(all).extracting(RsmNotification::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(all).anySatisfy(n -> {
            assertThat(n.objectType()).isEqualTo(ObjectType.DRIVE);
            assertThat(n.operation()).isEqualTo(NotificationOperation.UPDATE);
        });
        assertThat(all).anySatisfy(n -> {
            assertThat(n.objectType()).isEqualTo(ObjectType.LIBREQUEST);
            assertThat(n.operation()).isEqualTo(NotificationOperation.COMPLETE);
        });
        // closing the session ends its subscription
        s.close();
        MediaSession t = session("other");
        t.mount(allocate(t), MountOptions.read());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> logical.size() == 2);
    }

    @Test
    void aSlowListenerDelaysOnlyItself() throws Exception {
        start(2, 6);
        List<RsmNotification> fast = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.addNotificationListener(null, n -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.addNotificationListener(null, fast::add);
        MediaSession s = session("app");
        s.mount(allocate(s), MountOptions.read());
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.size() > 3);
        release.countDown();
    }
}
