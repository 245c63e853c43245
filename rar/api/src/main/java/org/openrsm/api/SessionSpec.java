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
    private final java.util.Set<String> groups;

    public SessionSpec(String application, String user, char[] password) {
        this(application, user, password, java.util.Set.of());
    }

    public SessionSpec(String application, String user, char[] password, java.util.Set<String> groups) {
        this.application = check(application, "application name");
        this.user = user == null ? null : check(user, "user name");
        this.password = password == null ? null : password.clone();
        this.groups = java.util.Set.copyOf(groups);
    }

    /** The same spec for a user who is a member of {@code groups}. */
    public SessionSpec withGroups(String... groups) {
        return new SessionSpec(application, user, password, java.util.Set.of(groups));
    }

    /** Groups the user belongs to; ACL entries for them apply to the user. */
    public java.util.Set<String> groups() {
        return groups;
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
