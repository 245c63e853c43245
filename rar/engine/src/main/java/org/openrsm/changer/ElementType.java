package org.openrsm.changer;

/** The kinds of element a changer reports (SCSI SMC element types). */
public enum ElementType {
    /** data transfer element */
    DRIVE,
    /** storage element */
    SLOT,
    /** import/export element (mail slot) */
    PORT
}
