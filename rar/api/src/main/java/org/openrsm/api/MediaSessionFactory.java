package org.openrsm.api;

/**
 * Where Jakarta EE components get sessions: {@code @Resource(lookup = "eis/openrsm") MediaSessionFactory}.
 */
public interface MediaSessionFactory extends java.io.Serializable, jakarta.resource.Referenceable {
    /** A session signed on by the container (the caller's principal, or the factory's auth alias). */
    MediaSession getSession() throws RsmException;

    /** A session for the application and user of {@code spec} (component-managed sign-on). */
    MediaSession getSession(SessionSpec spec) throws RsmException;
}
