package org.openrsm.jmx;

import java.util.List;

/**
 * The operator's console ({@code org.openrsm:type=OperatorRequests}): the open operator requests, and what an
 * operator answers. Reading {@code Open} shows the requests: SUBMITTED ones become ACTIVE (RSM.md §2.6).
 */
public interface OperatorRequestsMXBean {
    /** Open requests (SUBMITTED, ACTIVE, INPROGRESS), oldest first. */
    List<OperatorRequestData> getOpen();

    /** The operator has seen the request and is working on it: INPROGRESS. */
    void acknowledge(String id);

    /** The operator did what was asked: COMPLETE; waiting callers go on. */
    void satisfy(String id);

    /** The operator refuses: REFUSED; waiting callers get CANCELLED. */
    void refuse(String id);
}
