package org.openrsm.engine.catalog;

import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/** Short constructors for the engine's errors; every message names the object. */
public final class Errors {
    private Errors() {
    }

    public static RsmException error(RsmError error, String message) {
        return new RsmException(error, message);
    }

    public static RsmException invalidParameter(String message) {
        return new RsmException(RsmError.INVALID_PARAMETER, message);
    }

    public static RsmException invalidState(String message) {
        return new RsmException(RsmError.INVALID_STATE, message);
    }
}
