package org.openrsm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The connection to a running server's OpenRSM MBeans: the local connector of a Liberty server found by its name
 * (the address Liberty writes to {@code <user dir>/servers/<name>/logs/state/com.ibm.ws.jmx.local.address}), or any
 * JMX service URL.
 */
final class Jmx implements AutoCloseable {
    /** A refusal of the server (RSM's message): exit code 1. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The server did not take the credentials, or the user may only look: exit code 4. */
    static final class NotAuthorized extends Exception {
        private static final long serialVersionUID = 1L;

        NotAuthorized(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server could not be reached: exit code 3. */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final JMXConnector connector;
    final MBeanServerConnection server;

    private Jmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static Jmx connect(Target target) throws Unreachable, NotAuthorized {
        JMXServiceURL url = target.serviceUrl();
        try {
            return new Jmx(JMXConnectorFactory.connect(url, target.environment(url)));
        } catch (IOException | SecurityException e) {
            throw failed("cannot connect to " + url, e);
        }
    }

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    Object get(String bean, String attribute) throws Refused, Unreachable, NotAuthorized {
        try {
            return server.getAttribute(name(bean), attribute);
        } catch (JMException | RuntimeMBeanException e) {
            throw refused(e);
        } catch (IOException | SecurityException e) {
            throw failed("the connection to the server failed", e);
        }
    }

    Object invoke(String bean, String operation, Object[] arguments, String[] signature)
            throws Refused, Unreachable, NotAuthorized {
        try {
            return server.invoke(name(bean), operation, arguments, signature);
        } catch (JMException | RuntimeMBeanException e) {
            throw refused(e);
        } catch (IOException | SecurityException e) {
            throw failed("the connection to the server failed", e);
        }
    }

    /**
     * A failed connection or call: a refusal of the credentials or of the user's rights (Liberty's REST connector
     * answers 401 or 403; other connectors throw SecurityException), or a server out of reach.
     */
    private static Unreachable failed(String what, Exception e) throws NotAuthorized {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof SecurityException || message.contains("code 401") || message.contains("code 403")) {
            String why = message.contains("code 403") ? "the user may not do this (Liberty's reader-role only looks; "
                    + "acting needs the administrator-role)" : "the server did not accept the credentials";
            throw new NotAuthorized(what + ": " + why + " (" + message + ")", e);
        }
        return new Unreachable(what + ": " + message, e);
    }

    /** RSM's message of a refused operation (the MBean throws IllegalArgumentException with it). */
    private static Refused refused(Exception e) {
        Throwable cause = e;
        while ((cause instanceof MBeanException || cause instanceof RuntimeMBeanException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new Refused(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
