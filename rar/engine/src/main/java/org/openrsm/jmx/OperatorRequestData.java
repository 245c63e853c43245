package org.openrsm.jmx;

import java.beans.ConstructorProperties;

/** One operator request as the {@link OperatorRequestsMXBean} lists it (an open-type CompositeData row). */
public final class OperatorRequestData {
    private final String id;
    private final String type;
    private final String state;
    private final String message;
    private final String application;
    private final String submitted;

    @ConstructorProperties({"id", "type", "state", "message", "application", "submitted"})
    public OperatorRequestData(String id, String type, String state, String message, String application, String submitted) {
        this.id = id;
        this.type = type;
        this.state = state;
        this.message = message;
        this.application = application;
        this.submitted = submitted;
    }

    public String getId() {
        return id;
    }

    /** NEWMEDIA, MOVEMEDIA, DEVICESERVICE, CLEANER, MESSAGE … */
    public String getType() {
        return type;
    }

    /** SUBMITTED, ACTIVE (shown on a console), INPROGRESS (acknowledged), COMPLETE or REFUSED. */
    public String getState() {
        return state;
    }

    public String getMessage() {
        return message;
    }

    public String getApplication() {
        return application;
    }

    /** ISO-8601 instant. */
    public String getSubmitted() {
        return submitted;
    }
}
