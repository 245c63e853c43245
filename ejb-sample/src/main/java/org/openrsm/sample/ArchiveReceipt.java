package org.openrsm.sample;

/** What {@link ArchiveService#archive} tells the caller: keep {@code medium} to read the payload back. */
public record ArchiveReceipt(String medium, String barCode, String drive, long bytes) {
}
