package org.openrsm.changer;

/** The changer failed or refused an operation; the message says which element and why. */
public class ChangerException extends Exception {
    private static final long serialVersionUID = 1L;
    /** the element at fault (a drive that failed, a slot the robot cannot reach), or null: the robot or the library */
    private final Element element;

    public ChangerException(String message) {
        this(message, (Element) null);
    }

    public ChangerException(String message, Throwable cause) {
        super(message, cause);
        this.element = null;
    }

    /** A failure of one element: the engine takes that element, not the robot, out of service. */
    public ChangerException(String message, Element element) {
        super(message);
        this.element = element;
    }

    /** The element at fault, or null when the robot or the whole library failed. */
    public Element element() {
        return element;
    }
}
