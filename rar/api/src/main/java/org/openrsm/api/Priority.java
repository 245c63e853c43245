package org.openrsm.api;

/** Mount priorities ({@code NTMS_PRIORITY_*}): −15 … 15, higher first. */
public final class Priority {
    public static final int LOWEST = -15;
    public static final int LOW = -7;
    public static final int NORMAL = 0;
    public static final int DEFAULT = NORMAL;
    public static final int HIGH = 7;
    public static final int HIGHEST = 15;

    private Priority() {
    }
}
