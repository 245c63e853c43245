package org.openrsm.sample;

import jakarta.ejb.ApplicationException;

/** The document is in the index already: the whole archive transaction (the tape's allocation too) rolls back. */
@ApplicationException(rollback = true)
public class DuplicateDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public DuplicateDocumentException(String message) {
        super(message);
    }
}
