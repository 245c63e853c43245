package org.openrsm.changer;

/** The changer failed or refused an operation; the message says which element and why, the fault what kind. */
public class ChangerException extends Exception {
    private static final long serialVersionUID = 1L;
    /** the element at fault (a drive that failed, a slot the robot cannot reach), or null: the robot or the library */
    private final Element element;
    private final ChangerFault fault;

    public ChangerException(String message) {
        this(message, (Element) null);
    }

    public ChangerException(String message, Throwable cause) {
        super(message, cause);
        this.element = null;
        this.fault = ChangerFault.FAILED;
    }

    /** A failure of one element: the engine takes that element, not the robot, out of service. */
    public ChangerException(String message, Element element) {
        this(ChangerFault.FAILED, message, element);
    }

    /** A failure of a known kind, of {@code element} (null: the robot or the library). */
    public ChangerException(ChangerFault fault, String message, Element element) {
        super(message);
        this.element = element;
        this.fault = java.util.Objects.requireNonNull(fault, "fault");
    }

    /** A failure of a known kind with its cause (an I/O error, a timeout). */
    public ChangerException(ChangerFault fault, String message, Throwable cause) {
        super(message, cause);
        this.element = null;
        this.fault = java.util.Objects.requireNonNull(fault, "fault");
    }

    /** What kind of failure it is. */
    public ChangerFault fault() {
        return fault;
    }

    /** The element at fault, or null when the robot or the whole library failed. */
    public Element element() {
        return element;
    }
}
