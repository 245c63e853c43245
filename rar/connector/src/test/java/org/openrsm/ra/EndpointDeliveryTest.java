package org.openrsm.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmNotification;
import org.openrsm.api.RsmNotificationListener;

/**
 * The inbound side (issue "Operating a library", 5) driven as an application server drives it: an endpoint
 * factory of message-driven beans, activated with an activation spec, against a real engine.
 */
class EndpointDeliveryTest {
    @TempDir
    Path dir;

    private RsmResourceAdapter adapter;

    /** What the container's MDB pool is to the adapter: here, beans that write down what they receive. */
    static final class Beans implements MessageEndpointFactory {
        final List<RsmNotification> received = new CopyOnWriteArrayList<>();
        /** the first delivery waits for it: a bean that falls behind */
        final CountDownLatch gate = new CountDownLatch(1);
        final boolean slow;

        Beans(boolean slow) {
            this.slow = slow;
        }

        final class Bean implements MessageEndpoint, RsmNotificationListener {
            @Override
            public void onNotification(RsmNotification n) {
                if (slow) {
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                received.add(n);
            }

            @Override
            public void beforeDelivery(Method method) {
            }

            @Override
            public void afterDelivery() {
            }

            @Override
            public void release() {
            }
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xa) {
            return new Bean();
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xa, long timeout) {
            return new Bean();
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return "test-beans";
        }

        @Override
        public Class<?> getEndpointClass() {
            return Bean.class;
        }
    }

    @BeforeEach
    void start() throws Exception {
        adapter = new RsmResourceAdapter();
        adapter.setDrives(2);
        adapter.setSlots(8);
        adapter.setDataFolder(dir.resolve("tapes").toString());
        adapter.setStoreFolder(dir.resolve("db").toString());
        adapter.start(null);
    }

    @AfterEach
    void stop() {
        adapter.stop();
    }

    private static RsmActivationSpec spec(String types, int backlog) {
        RsmActivationSpec spec = new RsmActivationSpec();
        spec.setObjectTypes(types);
        spec.setMaxBacklog(backlog);
        return spec;
    }

    /** Mounts and dismounts: drive and library request events. */
    private void work(int cycles) throws Exception {
        try (MediaSession s = adapter.server().openSession("worker")) {
            MediaPoolId pool = s.createMediaPool("\\Events", s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
            s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 0));
            LogicalMediaId m = s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
            for (int i = 0; i < cycles; i++) {
                s.mount(m, MountOptions.read());
                s.dismount(m, DismountMode.IMMEDIATE);
                s.awaitIdle(m, Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void anEndpointGetsTheEventsItAsksForInOrder() throws Exception {
        Beans beans = new Beans(false);
        RsmActivationSpec spec = spec("DRIVE", 10_000);
        adapter.endpointActivation(beans, spec);
        work(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> beans.received.stream()
                .filter(n -> n.operation() == NotificationOperation.UPDATE).count() >= 6);
        assertThat(beans.received).allSatisfy(n -> assertThat(n.objectType()).isEqualTo(ObjectType.DRIVE));
        List<Long> sequence = beans.received.stream().map(RsmNotification::sequence).toList();
        assertThat(sequence).as("in the engine's order").isSorted().doesNotHaveDuplicates();

        adapter.endpointDeactivation(beans, spec);
        int before = beans.received.size();
        work(1);
        Thread.sleep(500);
        assertThat(beans.received).as("nothing after deactivation").hasSize(before);
    }

    @Test
    void anEndpointThatFallsBehindIsToldToResynchroniseInsteadOfQueueingWithoutBound() throws Exception {
        Beans beans = new Beans(true);
        adapter.endpointActivation(beans, spec("", 5));
        AtomicInteger published = new AtomicInteger();
        try (MediaSession watcher = adapter.server().openSession("watcher")) {
            watcher.addNotificationListener(null, n -> published.incrementAndGet());
            work(6);   // dozens of events while the bean is stuck on its first
            // the engine publishes asynchronously: let it finish before the bean catches up, so that what the
            // bean gets after its last RESYNCHRONIZE is the bounded backlog and not events still arriving
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(300)).until(() -> {
                int n = published.get();
                Thread.sleep(300);
                return published.get() == n;
            });
        }
        assertThat(published.get()).as("events published while the bean was stuck").isGreaterThan(10);
        beans.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> beans.received.stream()
                .anyMatch(n -> n.operation() == NotificationOperation.RESYNCHRONIZE));
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ofMillis(300)).until(() -> {
            int n = beans.received.size();
            Thread.sleep(200);
            return beans.received.size() == n;
        });
        // the stuck first event, one resynchronise, then at most the backlog of events after it
        int resync = 0;
        for (int i = 0; i < beans.received.size(); i++) {
            if (beans.received.get(i).operation() == NotificationOperation.RESYNCHRONIZE) {
                resync = i;
            }
        }
        assertThat(beans.received.size() - resync - 1).isLessThanOrEqualTo(5);
        assertThat(beans.received.subList(resync + 1, beans.received.size()).stream().map(RsmNotification::sequence).toList())
                .isSorted();
    }

    @Test
    void aWrongFilterIsRefusedAtActivationNamingTheValue() {
        assertThatThrownBy(() -> spec("DRIVE, TAPES", 10).validate()).isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining("'TAPES'");
        assertThatThrownBy(() -> spec("", 0).validate()).hasMessageContaining("maxBacklog");
        RsmActivationSpec ops = spec("", 10);
        ops.setOperations("UPDATE, EXPLODE");
        assertThatThrownBy(ops::validate).hasMessageContaining("'EXPLODE'");
        assertThatThrownBy(() -> adapter.endpointActivation(new Beans(false), ops)).hasMessageContaining("EXPLODE");
    }
}
