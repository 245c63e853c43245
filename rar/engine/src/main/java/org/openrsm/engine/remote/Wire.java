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

    /** Argument {@code i} of one of the wire's own calls, which must be a {@code type} (null allowed). */
    static <T> T arg(Call call, int i, Class<T> type) throws RsmException {
        Object[] args = call.args();
        Object a = args == null || i >= args.length ? null : args[i];
        if (a != null && !type.isInstance(a)) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "argument " + (i + 1) + " of call '" + call.method()
                    + "' is a " + a.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(a);
    }

    /** {@link #arg}, which must be given. */
    static <T> T required(Call call, int i, Class<T> type) throws RsmException {
        T a = arg(call, i, type);
        if (a == null) {
            throw new RsmException(RsmError.INVALID_PARAMETER, "argument " + (i + 1) + " of call '" + call.method()
                    + "' is missing (a " + type.getSimpleName() + ")");
        }
        return a;
    }

    /** The call that opens a session on the owner: its argument is the session's {@link org.openrsm.api.SessionSpec}. */
    static final String OPEN = "open session";

    /**
     * The call that subscribes a session to notifications: its arguments are the object type (null: all) and the
     * subscription's number on the calling server, which the notifications sent back carry ({@link Event}).
     */
    static final String SUBSCRIBE = "subscribe";

    /**
     * The call that opens a drive for a session ({@code MediaSession.open}): its arguments are the drive and the access
     * mode; the answer is a {@link Granted}.
     */
    static final String GRANT = "open drive";

    /**
     * The call that tells the owner a session wrote the side it was granted (first write on a side given back by an
     * earlier owner): its argument is the grant's number.
     */
    static final String WRITTEN = "side written";

    /** The call that tells the owner a session's channel of a drive is closed: its argument is the grant's number. */
    static final String UNGRANT = "close drive";

    /**
     * The call of a transaction branch operation of a session: its arguments are the operation ({@code enlist},
     * {@code delist}, {@code prepare}, {@code commit}, {@code rollback}, {@code log}), the branch id, and the operation's
     * argument (the timeout in seconds for an enlist, one phase or not for a commit).
     */
    static final String BRANCH = "branch";

    /** The answer to {@link #GRANT}: what to open, and the grant's number in its session. */
    record Granted(long number, MediumGrant medium) implements Serializable {
    }

    /** The owner took grant {@code number} of a session back (its side was released there), for {@code reason}. */
    record Revoked(long number, String reason) implements Serializable {
    }

    /** A notification of subscription {@code subscription} of a session on a server standing by. */
    record Event(long subscription, org.openrsm.api.RsmNotification notification) implements Serializable {
    }

    /** The answer to {@link #OPEN}: the server that opened the session, and its fencing token. */
    record Opened(String owner, long token) implements Serializable {
    }

    /**
     * The call failed with {@code error}; {@code detail} is the message without the error's name; {@code branch}: the
     * transaction branch it was about rolled itself back, or committed partly ({@link RemoteBranch}), else null.
     */
    record Failure(String error, String detail, String branch) implements Serializable {
        Failure(String error, String detail) {
            this(error, detail, null);
        }

        static Failure of(RsmException e) {
            return new Failure(e.error().name(), e.detail(), e instanceof RemoteBranch.RolledBack ? ROLLED_BACK
                    : e instanceof RemoteBranch.PartlyCommitted ? PARTLY_COMMITTED : null);
        }

        RsmException exception() {
            RsmError e = RsmError.valueOf(error);
            return ROLLED_BACK.equals(branch) ? new RemoteBranch.RolledBack(e, detail)
                    : PARTLY_COMMITTED.equals(branch) ? new RemoteBranch.PartlyCommitted(detail)
                    : new RsmException(e, detail);
        }

        private static final String ROLLED_BACK = "rolled back";
        private static final String PARTLY_COMMITTED = "partly committed";
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
                    + "org.openrsm.api.*;org.openrsm.engine.remote.Wire$*;org.openrsm.engine.remote.MediumGrant;"
                    + "java.lang.*;java.time.*;java.util.*;!*");

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
