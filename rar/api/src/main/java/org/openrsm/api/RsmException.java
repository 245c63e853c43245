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
    private final String text;
    private final String detail;

    public RsmException(RsmError error, String message) {
        this(error, message, null);
    }

    public RsmException(RsmError error, String message, Throwable cause) {
        super(Objects.requireNonNull(error, "error").name() + ": " + message, cause);
        this.error = error;
        this.text = error.name() + ": " + message;
        this.detail = message;
    }

    /** What happened to which object, without the error's name: the message this exception was made with. */
    public String detail() {
        return detail;
    }

    /** {@code NAME: what happened to which object}, without ResourceException's ", error code" suffix. */
    @Override
    public String getMessage() {
        return text;
    }

    /** The error's name, e.g. {@code INVALID_MEDIA}. */
    @Override
    public String getErrorCode() {
        return error.name();
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
