package org.openrsm.engine.requests;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.openrsm.api.OperatorRequestId;
import org.openrsm.api.OperatorRequestInfo;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.RsmId;

/** An operator request (RSM.md §2.6): SUBMITTED → COMPLETE (satisfied) or REFUSED (cancelled). Engine lock. */
public final class OperatorRequest {
    public final OperatorRequestId id = OperatorRequestId.random();
    public final OperatorRequestType type;
    public final String message;
    public final RsmId arg1;
    public final RsmId arg2;
    public final String application;
    public final String user;
    public final Instant submitted;
    public final CompletableFuture<OperatorRequestState> outcome = new CompletableFuture<>();
    public OperatorRequestState state = OperatorRequestState.SUBMITTED;
    public Instant completed;

    public OperatorRequest(OperatorRequestType type, String message, RsmId arg1, RsmId arg2, String application, String user,
                    Instant submitted) {
        this.type = type;
        this.submitted = submitted;
        this.message = message;
        this.arg1 = arg1;
        this.arg2 = arg2;
        this.application = application;
        this.user = user;
    }

    public boolean open() {
        return state != OperatorRequestState.COMPLETE && state != OperatorRequestState.REFUSED;
    }

    public OperatorRequestInfo info() {
        return new OperatorRequestInfo(id, type, state, message, arg1, arg2, application, user, submitted, completed);
    }
}
