package org.openrsm.changer;

/** The changer failed or refused an operation; the message says which element and why. */
public class ChangerException extends Exception {
    private static final long serialVersionUID = 1L;

    public ChangerException(String message) {
        super(message);
    }

    public ChangerException(String message, Throwable cause) {
        super(message, cause);
    }
}
