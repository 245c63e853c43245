package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * Every timer and deadline of the engine runs on its clock: with a clock the test advances, a mount's and an
 * allocation's timeout fall due exactly when the clock says so, not a moment earlier, without real waiting.
 */
class ClockTest extends EngineTestBase {
    private final ManualClock clock = new ManualClock();

    @Test
    void aMountTimesOutWhenTheClockPassesItsTimeoutAndNotBefore() throws Exception {
        start(l -> l.drives(1).slots(4), b -> b.clock(clock));
        MediaSession holder = session("holder");
        MediaSession waiter = session("waiter");
        holder.mount(allocate(holder), MountOptions.read());
        LogicalMediaId wanted = allocate(holder);
        CompletableFuture<?> mount = CompletableFuture.supplyAsync(() -> call(() ->
                waiter.mount(List.of(wanted), MountOptions.builder().read().timeout(Duration.ofMinutes(10)).build())));
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() > 0);

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        Thread.sleep(200);
        assertThat(mount).as("waits while the clock is short of its timeout").isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> failure(mount), e -> e != null))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT))
                .hasMessageContaining("PT10M").hasMessageContaining("drive1");
        assertThat(clock.pending()).as("no timer is left behind").isZero();
    }

    @Test
    void anAllocationWaitingForNewMediaTimesOutOnTheClock() throws Exception {
        start(l -> l.drives(1).slots(2), b -> b.clock(clock));
        MediaSession s = session("app");
        MediaPoolId pool = archivePool(s);
        s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        s.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        CompletableFuture<?> allocation = CompletableFuture.supplyAsync(() -> call(() ->
                s.allocate(pool, AllocateOptions.builder().timeout(Duration.ofHours(1)).build())));
        await().atMost(Duration.ofSeconds(10)).until(() -> !newMedia(s).isEmpty());

        clock.advance(Duration.ofMinutes(59));
        Thread.sleep(200);
        assertThat(allocation).isNotDone();
        clock.advance(Duration.ofMinutes(2));
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> failure(allocation), e -> e != null))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT)).hasMessageContaining("PT1H");
        assertThat(newMedia(s)).as("the NEWMEDIA request is withdrawn").isEmpty();
    }

    private static List<OperatorRequestInfo> newMedia(MediaSession s) throws RsmException {
        return s.enumerate(null, ObjectType.OPREQUEST).stream().filter(o -> o instanceof OperatorRequestInfo)
                .map(o -> (OperatorRequestInfo) o)
                .filter(o -> o.state() == OperatorRequestState.SUBMITTED).toList();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        if (!f.isDone()) {
            return null;
        }
        try {
            f.join();
            return new AssertionError("completed without an error");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @FunctionalInterface
    interface Call<T> {
        T run() throws RsmException;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (RsmException e) {
            throw new CompletionException(e);
        }
    }
}
