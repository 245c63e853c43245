package org.openrsm.sample;

/** The upload exceeds the configured limit: 413, and whatever was written of it rolls back with its tape. */
public class PayloadTooLargeException extends ClientException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(413, "PAYLOAD_TOO_LARGE", message, null);
    }
}
