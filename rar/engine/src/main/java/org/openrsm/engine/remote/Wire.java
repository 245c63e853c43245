package org.openrsm.engine.remote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * What a call of a session on a server standing by and its answer are in the catalog ({@code REMOTE_CALL}): the
 * session method, named by its signature, with its arguments, and the result or the error, as Java serialization of the
 * API's values. Only the API's values, and the JDK's lists, sets, maps, UUIDs and times they hold, are read back.
 */
final class Wire {
    private Wire() {
    }

    /** A call of session method {@code method} (its {@link #key}). */
    record Call(String method, Object[] args) implements Serializable {
    }

    /** The call that opens a session on the owner: its argument is the session's {@link org.openrsm.api.SessionSpec}. */
    static final String OPEN = "open session";

    /**
     * The call that subscribes a session to notifications: its arguments are the object type (null: all) and the
     * subscription's number on the calling server, which the notifications sent back carry ({@link Event}).
     */
    static final String SUBSCRIBE = "subscribe";

    /** A notification of subscription {@code subscription} of a session on a server standing by. */
    record Event(long subscription, org.openrsm.api.RsmNotification notification) implements Serializable {
    }

    /** The answer to {@link #OPEN}: the server that opened the session, and its fencing token. */
    record Opened(String owner, long token) implements Serializable {
    }

    /** The call failed with {@code error}; {@code detail} is the message without the error's name. */
    record Failure(String error, String detail) implements Serializable {
        static Failure of(RsmException e) {
            return new Failure(e.error().name(), e.detail());
        }

        RsmException exception() {
            return new RsmException(RsmError.valueOf(error), detail);
        }
    }

    /** The answer to a call that returned nothing. */
    enum Done {
        DONE
    }

    /** The session methods by signature, the same on every server. */
    static final Map<String, Method> METHODS = Arrays.stream(MediaSession.class.getMethods())
            .filter(m -> !m.isDefault() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
            .collect(Collectors.toUnmodifiableMap(Wire::key, Function.identity()));

    static String key(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxrefs=100000;maxbytes=16777216;maxarray=16777216;"
                    + "org.openrsm.api.*;org.openrsm.engine.remote.Wire$*;java.lang.*;java.time.*;java.util.*;!*");

    static byte[] bytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " for another server", e);
        }
        return out.toByteArray();
    }

    static Object value(byte[] bytes) throws RsmException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(FILTER);
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new RsmException(RsmError.NOT_CONNECTED, "a call between the servers of the catalog cannot be read "
                    + "(servers of different OpenRSM versions?): " + e);
        }
    }
}
