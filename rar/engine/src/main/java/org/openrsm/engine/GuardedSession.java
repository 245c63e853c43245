package org.openrsm.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.List;
import org.openrsm.api.MediaSession;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * The session applications get: every call returns a result or an {@link RsmException}. An unchecked exception
 * from inside the engine is a defect; it becomes {@code INTERNAL_ERROR}, logged once with its stack trace, and the
 * catalog stays as the last commit left it (changes are copy-on-write and reach memory only after the store).
 */
final class GuardedSession implements InvocationHandler {
    private final Engine engine;
    private final EngineSession session;

    private GuardedSession(Engine engine, EngineSession session) {
        this.engine = engine;
        this.session = session;
    }

    static MediaSession wrap(Engine engine, EngineSession session) {
        return (MediaSession) Proxy.newProxyInstance(MediaSession.class.getClassLoader(), new Class<?>[] {MediaSession.class},
                new GuardedSession(engine, session));
    }

    /** The engine session behind a session of this engine, or null for any other object. */
    static EngineSession unwrap(MediaSession session) {
        if (session instanceof EngineSession s) {
            return s;
        }
        if (session != null && Proxy.isProxyClass(session.getClass())
                && Proxy.getInvocationHandler(session) instanceof GuardedSession g) {
            return g.session;
        }
        return null;
    }

    /**
     * A list of ids that holds an id of another type (possible through unchecked casts or raw types) is refused
     * here, with the position named, before the engine iterates over it.
     */
    private static void checkLists(Method method, Object[] args) throws RsmException {
        Type[] types = method.getGenericParameterTypes();
        for (int i = 0; args != null && i < args.length; i++) {
            if (args[i] instanceof List<?> list && types[i] instanceof ParameterizedType p) {
                Type element = p.getActualTypeArguments()[0];
                Class<?> bound = element instanceof WildcardType w ? (Class<?>) w.getUpperBounds()[0] : (Class<?>) element;
                for (int j = 0; j < list.size(); j++) {
                    Object e = list.get(j);
                    if (e != null && !bound.isInstance(e)) {
                        throw new RsmException(RsmError.INVALID_PARAMETER, method.getName() + ": item " + (j + 1)
                                + " of the list is a " + e.getClass().getSimpleName() + ", not a " + bound.getSimpleName());
                    }
                }
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "session " + session.application();
            };
        }
        checkLists(method, args);
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException defect) {
                throw engine.internalError(method.getName() + " of session " + session.application(), defect);
            }
            throw e.getCause();
        }
    }
}
