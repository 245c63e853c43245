package org.openrsm.changer;

import java.util.Objects;

/** One element of a changer, numbered from 1 within its type. */
public record Element(ElementType type, int number) {
    public Element {
        Objects.requireNonNull(type, "type");
        if (number < 1) {
            throw new IllegalArgumentException(type + " numbers start at 1, not " + number);
        }
    }

    public static Element drive(int number) {
        return new Element(ElementType.DRIVE, number);
    }

    public static Element slot(int number) {
        return new Element(ElementType.SLOT, number);
    }

    public static Element port(int number) {
        return new Element(ElementType.PORT, number);
    }

    @Override
    public String toString() {
        return type.name().toLowerCase() + " " + number;
    }
}
