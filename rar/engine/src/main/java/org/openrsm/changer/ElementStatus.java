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
}
