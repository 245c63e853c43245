package org.openrsm.engine;

import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/** Short constructors for the engine's errors; every message names the object. */
final class Errors {
    private Errors() {
    }

    static RsmException error(RsmError error, String message) {
        return new RsmException(error, message);
    }

    static RsmException invalidParameter(String message) {
        return new RsmException(RsmError.INVALID_PARAMETER, message);
    }

    static RsmException invalidState(String message) {
        return new RsmException(RsmError.INVALID_STATE, message);
    }
}
