package org.openrsm.engine;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.openrsm.api.OperatorRequestId;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.RsmId;

/** An operator request (RSM.md §2.6): SUBMITTED → COMPLETE (satisfied) or REFUSED (cancelled). Engine lock. */
final class OperatorRequest {
    final OperatorRequestId id = OperatorRequestId.random();
    final OperatorRequestType type;
    final String message;
    final RsmId arg1;
    final RsmId arg2;
    final String application;
    final String user;
    final Instant submitted;
    final CompletableFuture<OperatorRequestState> outcome = new CompletableFuture<>();
    OperatorRequestState state = OperatorRequestState.SUBMITTED;
    Instant completed;

    OperatorRequest(OperatorRequestType type, String message, RsmId arg1, RsmId arg2, String application, String user,
                    Instant submitted) {
        this.type = type;
        this.submitted = submitted;
        this.message = message;
        this.arg1 = arg1;
        this.arg2 = arg2;
        this.application = application;
        this.user = user;
    }

    boolean open() {
        return state != OperatorRequestState.COMPLETE && state != OperatorRequestState.REFUSED;
    }

    OperatorRequestInfo info() {
        return new OperatorRequestInfo(id, type, state, message, arg1, arg2, application, user, submitted, completed);
    }
}
