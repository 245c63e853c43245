package org.openrsm.changer;

/**
 * What the changer reports for one element: the bar code of the cartridge in it, or null when it is empty.
 * {@code full} is true for an element holding a cartridge whose bar code could not be read.
 */
public record ElementStatus(Element element, boolean full, String barCode) {
    public static ElementStatus empty(Element element) {
        return new ElementStatus(element, false, null);
    }

    public static ElementStatus holding(Element element, String barCode) {
        return new ElementStatus(element, true, barCode);
    }

    /**
     * Refuses (FAILED, blaming the element) unless the element holds the cartridge with {@code barCode}: data must
     * never go onto a tape the library does not confirm, it could be another application's.
     */
    public void requireHolding(String library, String barCode) throws ChangerException {
        if (!full || !barCode.equals(this.barCode)) {
            throw new ChangerException(ChangerFault.FAILED, "library " + library + ": " + element + " holds "
                    + (!full ? "nothing" : this.barCode == null ? "a cartridge without a readable bar code" : this.barCode)
                    + ", not " + barCode, element);
        }
    }
}
