package org.openrsm.api;

import jakarta.resource.ResourceException;
import java.util.Objects;

/**
 * An RSM function failed. {@link #error()} says which of RSM's errors it is; the message names the
 * object(s) concerned and the reason, e.g. {@code INVALID_MEDIA: side 9b1… is not known}.
 * The error code of the {@link ResourceException} is the error's name.
 */
public class RsmException extends ResourceException {
    private static final long serialVersionUID = 1L;

    private final RsmError error;

    public RsmException(RsmError error, String message) {
        this(error, message, null);
    }

    public RsmException(RsmError error, String message, Throwable cause) {
        super(Objects.requireNonNull(error, "error").name() + ": " + message, cause);
        this.error = error;
        setErrorCode(error.name());
    }

    /** Which RSM error this is. */
    public RsmError error() {
        return error;
    }

    /** The Win32 error number of {@link #error()}. */
    public int code() {
        return error.code();
    }
}
