package org.openrsm.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a component-managed sign-on gives {@code MediaSessionFactory.getSession(SessionSpec)}: the
 * application name that tags the session's requests, and the user (with password) whose rights apply.
 */
public final class SessionSpec implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** RSM's limit for application and user names ({@code NTMS_APPLICATIONNAME_LENGTH}). */
    public static final int MAX_NAME_LENGTH = 64;

    private final String application;
    private final String user;
    private final char[] password;

    public SessionSpec(String application, String user, char[] password) {
        this.application = check(application, "application name");
        this.user = user == null ? null : check(user, "user name");
        this.password = password == null ? null : password.clone();
    }

    public static SessionSpec application(String application) {
        return new SessionSpec(application, null, null);
    }

    private static String check(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " '" + name + "' must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    public String application() {
        return application;
    }

    /** The user, or null for the container's caller. */
    public String user() {
        return user;
    }

    public char[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionSpec s && application.equals(s.application) && Objects.equals(user, s.user)
                && Arrays.equals(password, s.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, user);
    }

    @Override
    public String toString() {
        return "SessionSpec[application=" + application + ", user=" + user + "]";
    }
}
