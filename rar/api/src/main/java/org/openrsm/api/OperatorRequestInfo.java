package org.openrsm.api;

import java.time.Instant;

/** An operator request ({@code NTMS_OPREQUESTINFORMATION}). {@code arg1}/{@code arg2} are null when unused. */
public record OperatorRequestInfo(OperatorRequestId id, OperatorRequestType request, OperatorRequestState state,
                                  String message, RsmId arg1, RsmId arg2, String application, String user,
                                  Instant submitted, Instant completed)
        implements ObjectInfo {
}
