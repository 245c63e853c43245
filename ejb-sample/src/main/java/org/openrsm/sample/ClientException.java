package org.openrsm.sample;

import jakarta.ejb.ApplicationException;

/**
 * A request the sample refuses (the client's mistake, never logged with a stack trace): answered with its HTTP status
 * and error name in the API's JSON shape; the transaction it happened in rolls back, tape allocation included.
 */
@ApplicationException(rollback = true)
public abstract class ClientException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    protected ClientException(int status, String error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
