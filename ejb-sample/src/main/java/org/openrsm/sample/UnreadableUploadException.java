package org.openrsm.sample;

/**
 * The request body ended early or could not be decoded while it was streamed to tape: the client's mistake (400), and
 * the tape's allocation rolls back.
 */
public class UnreadableUploadException extends ClientException {
    private static final long serialVersionUID = 1L;

    public UnreadableUploadException(String message, Throwable cause) {
        super(400, "BAD_REQUEST", message, cause);
    }
}
