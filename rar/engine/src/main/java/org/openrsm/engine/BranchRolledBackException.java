package org.openrsm.engine;

import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/** A branch could not prepare or commit and has rolled itself back: the transaction manager needs no rollback call. */
public final class BranchRolledBackException extends RsmException {
    private static final long serialVersionUID = 1L;

    BranchRolledBackException(RsmError error, String message) {
        super(error, message);
    }
}
