package org.openrsm.sample;

/** The document is in the index already (or being archived by another request): 409, before any tape is touched. */
public class DuplicateDocumentException extends ClientException {
    private static final long serialVersionUID = 1L;

    public DuplicateDocumentException(String message) {
        super(409, "DUPLICATE_DOCUMENT", message, null);
    }
}
