package org.openrsm.engine;

import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * A branch committed, but some of its deferred operations failed (a heuristic mix: the connector answers
 * {@code XA_HEURMIX}); {@link #detail()} names them.
 */
public final class BranchPartlyCommittedException extends RsmException {
    private static final long serialVersionUID = 1L;

    BranchPartlyCommittedException(String message) {
        super(RsmError.INVALID_STATE, message);
    }
}
