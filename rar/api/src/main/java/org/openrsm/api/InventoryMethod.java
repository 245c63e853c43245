package org.openrsm.api;

/** Inventory methods ({@code NTMS_INVENTORY_*}, RSM.md §3.5). */
public enum InventoryMethod {
    /** none. */
    NONE(0),
    /** bar-code scan. */
    FAST(1),
    /** read every side's label. */
    OMID(2),
    /** the library's default. */
    DEFAULT(3),
    /** slots only. */
    SLOT(4);

    private final int code;

    InventoryMethod(int code) {
        this.code = code;
    }

    /** RSM's number for this value. */
    public int code() {
        return code;
    }

    /** The value with RSM's number {@code code}. */
    public static InventoryMethod ofCode(int code) {
        for (InventoryMethod v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no InventoryMethod has number " + code);
    }
}
