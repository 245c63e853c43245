package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.openrsm.api.MediaSession;
import org.openrsm.api.ObjectType;
import org.openrsm.api.OperatorRequestId;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.RsmError;

class OperatorRequestTest extends EngineTestBase {

    @Test
    void aSatisfiedRequestWakesItsWaiter() throws Exception {
        start(1, 4);
        MediaSession app = session("app");
        MediaSession operator = session("console");
        OperatorRequestId id = app.submitOperatorRequest(OperatorRequestType.MESSAGE, "change the tape labels", null, null);
        OperatorRequestInfo info = app.info(id, OperatorRequestInfo.class);
        assertThat(info.state()).isEqualTo(OperatorRequestState.SUBMITTED);
        assertThat(info.message()).isEqualTo("change the tape labels");
        assertThat(info.application()).isEqualTo("app");
        CompletableFuture<OperatorRequestState> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return app.waitForOperatorRequest(id, Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        operator.satisfyOperatorRequest(id);
        assertThat(waiter.get()).isEqualTo(OperatorRequestState.COMPLETE);
        assertThat(app.info(id, OperatorRequestInfo.class).completed()).isNotNull();
        assertThatThrownBy(() -> operator.cancelOperatorRequest(id)).satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_STATE));
    }

    @Test
    void aRefusedRequestCancelsItsWaiterAndAnUnansweredOneTimesOut() throws Exception {
        start(1, 4);
        MediaSession app = session("app");
        OperatorRequestId id = app.submitOperatorRequest(OperatorRequestType.MESSAGE, "please", null, null);
        assertThatThrownBy(() -> app.waitForOperatorRequest(id, Duration.ofMillis(100)))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.TIMEOUT));
        app.cancelOperatorRequest(id);
        assertThat(app.info(id, OperatorRequestInfo.class).state()).isEqualTo(OperatorRequestState.REFUSED);
        assertThatThrownBy(() -> app.waitForOperatorRequest(id, Duration.ofSeconds(1)))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.CANCELLED));
        assertThat(app.enumerate(null, ObjectType.OPREQUEST)).hasSize(1);
    }

    @Test
    void badOperatorRequestsAreRefusedWithRsmErrors() throws Exception {
        start(1, 4);
        MediaSession app = session("app");
        assertThatThrownBy(() -> app.submitOperatorRequest(OperatorRequestType.UNKNOWN, "x", null, null))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER));
        assertThatThrownBy(() -> app.submitOperatorRequest(OperatorRequestType.MESSAGE, "x".repeat(257), null, null))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.MESSAGE_EXCEEDS_MAX_SIZE));
        assertThatThrownBy(() -> app.submitOperatorRequest(OperatorRequestType.NEWMEDIA, "x", library(app).id(), null))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.INVALID_PARAMETER))
                .hasMessageContaining("names a media pool");
        assertThatThrownBy(() -> app.submitOperatorRequest(OperatorRequestType.NEWMEDIA, "x",
                org.openrsm.api.MediaPoolId.random(), null))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));
        assertThatThrownBy(() -> app.satisfyOperatorRequest(OperatorRequestId.random()))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));
        assertThat(app.enumerate(null, ObjectType.OPREQUEST)).isEmpty();
    }

    @Test
    void onlyAdministratorsAnswerOperatorRequests() throws Exception {
        start(1, 4);
        MediaSession bob = session("app", "bob");
        OperatorRequestId id = bob.submitOperatorRequest(OperatorRequestType.MESSAGE, "hello", null, null);
        assertThatThrownBy(() -> bob.satisfyOperatorRequest(id))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.ACCESS_DENIED))
                .hasMessageContaining("CONTROL right on the computer");
        session("console", "admin").satisfyOperatorRequest(id);
        assertThat(bob.waitForOperatorRequest(id, Duration.ofSeconds(1))).isEqualTo(OperatorRequestState.COMPLETE);
    }

    @Test
    void finishedRequestsArePurgedAfterThePurgeTime() throws Exception {
        start(l -> l.drives(1).slots(4), b -> b.requestPurgeTime(Duration.ofMillis(50)));
        MediaSession app = session("app");
        OperatorRequestId id = app.submitOperatorRequest(OperatorRequestType.MESSAGE, "x", null, null);
        app.satisfyOperatorRequest(id);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> app.enumerate(null, ObjectType.OPREQUEST).isEmpty());
        assertThatThrownBy(() -> app.waitForOperatorRequest(id, Duration.ZERO))
                .satisfies(e -> assertThat(errorOf(e)).isEqualTo(RsmError.OBJECT_NOT_FOUND));
    }
}
