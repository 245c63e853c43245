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

    static Jmx connect(String url, Path userDir, String serverName) throws Unreachable {
        String address = url;
        if (address == null) {
            Path file = userDir.resolve("servers").resolve(serverName).resolve("logs").resolve("state")
                    .resolve("com.ibm.ws.jmx.local.address");
            try {
                address = Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new Unreachable("no running Liberty server '" + serverName + "' with localConnector-1.0 under " + userDir
                        + " (" + file + " cannot be read); give --user-dir, --server or --jmx-url", e);
            }
        }
        try {
            return new Jmx(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (IOException e) {
            throw new Unreachable("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    Object get(String bean, String attribute) throws Refused, Unreachable {
        try {
            return server.getAttribute(name(bean), attribute);
        } catch (JMException | RuntimeMBeanException e) {
            throw refused(e);
        } catch (IOException e) {
            throw new Unreachable("the connection to the server failed: " + e.getMessage(), e);
        }
    }

    Object invoke(String bean, String operation, Object[] arguments, String[] signature) throws Refused, Unreachable {
        try {
            return server.invoke(name(bean), operation, arguments, signature);
        } catch (JMException | RuntimeMBeanException e) {
            throw refused(e);
        } catch (IOException e) {
            throw new Unreachable("the connection to the server failed: " + e.getMessage(), e);
        }
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
