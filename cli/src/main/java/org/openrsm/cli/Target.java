package org.openrsm.cli;

import java.io.Console;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which server the command line talks to, and how: the local connector of a Liberty server on this machine (found by
 * its name), Liberty's REST connector of a server elsewhere ({@code --url https://host:9443}, HTTPS with a user and
 * password, the client {@code wlp/clients/restConnector.jar} loaded at run time), or any JMX service URL.
 */
record Target(String url, Path userDir, String serverName, String user, char[] password, Path trustStore,
        char[] trustStorePassword, Path clientJar) {
    /** The path of Liberty's REST connector on the server. */
    static final String REST_PATH = "/IBMJMXConnectorREST";
    /** The REST connector client's package of JMX connector providers. */
    private static final String REST_PROVIDER_PACKAGES = "com.ibm.ws.jmx.connector.client";
    /** The REST connector client's setting for the TLS socket factory (its ConnectorSettings). */
    private static final String REST_SOCKET_FACTORY = "com.ibm.ws.jmx.connector.client.CUSTOM_SSLSOCKETFACTORY";

    /** The JMX service URL to connect to. */
    JMXServiceURL serviceUrl() throws Jmx.Unreachable {
        String address = url == null ? localAddress() : url.startsWith("service:jmx:") ? url : restUrl(url);
        try {
            return new JMXServiceURL(address);
        } catch (MalformedURLException e) {
            throw new Jmx.Unreachable("'" + address + "' is not a JMX service URL: " + e.getMessage(), e);
        }
    }

    /** {@code https://host:port} (or {@code host:port}) as the REST connector's service URL. */
    private static String restUrl(String url) throws Jmx.Unreachable {
        URI uri = URI.create(url.contains("://") ? url : "https://" + url);
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new Jmx.Unreachable("--url takes https://host:port (Liberty's REST connector) or a service:jmx: URL, not '"
                    + url + "'", null);
        }
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        return "service:jmx:rest://" + uri.getHost() + ":" + port + REST_PATH;
    }

    /** The address Liberty writes for its local connector. */
    private String localAddress() throws Jmx.Unreachable {
        Path file = userDir.resolve("servers").resolve(serverName).resolve("logs").resolve("state")
                .resolve("com.ibm.ws.jmx.local.address");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new Jmx.Unreachable("no running Liberty server '" + serverName + "' with localConnector-1.0 under " + userDir
                    + " (" + file + " cannot be read); give --user-dir, --server or --url", e);
        }
    }

    /** The connector's environment for {@code url}: credentials, and for the REST connector its client and TLS trust. */
    Map<String, Object> environment(JMXServiceURL url) throws Jmx.Unreachable {
        Map<String, Object> env = new HashMap<>();
        if (user != null) {
            env.put(JMXConnector.CREDENTIALS, new String[] {user, new String(givenPassword())});
        }
        if ("rest".equals(url.getProtocol())) {
            if (user == null) {
                throw new Jmx.Unreachable("Liberty's REST connector needs a user: give --user (and --password, or "
                        + "OPENRSM_PASSWORD)", null);
            }
            env.put(JMXConnectorFactory.PROTOCOL_PROVIDER_PACKAGES, REST_PROVIDER_PACKAGES);
            env.put(JMXConnectorFactory.PROTOCOL_PROVIDER_CLASS_LOADER, clientLoader());
            if (trustStore != null) {
                env.put(REST_SOCKET_FACTORY, trusting().getSocketFactory());
            }
        }
        return env;
    }

    /** The password given, from OPENRSM_PASSWORD, or asked for on the terminal. */
    private char[] givenPassword() throws Jmx.Unreachable {
        if (password != null && password.length > 0) {
            return password;
        }
        String env = System.getenv("OPENRSM_PASSWORD");
        if (env != null) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new Jmx.Unreachable("no password for user '" + user + "': give --password or set OPENRSM_PASSWORD", null);
        }
        char[] typed = console.readPassword("password of %s: ", user);
        if (typed == null) {
            throw new Jmx.Unreachable("no password for user '" + user + "'", null);
        }
        return typed;
    }

    /** A class loader with Liberty's REST connector client. */
    private ClassLoader clientLoader() throws Jmx.Unreachable {
        List<Path> candidates = new ArrayList<>();
        if (clientJar != null) {
            candidates.add(clientJar);
        } else {
            String env = System.getenv("OPENRSM_REST_CLIENT");
            if (env != null) {
                candidates.add(Path.of(env));
            }
            String wlp = System.getenv("WLP_HOME");
            if (wlp != null) {
                candidates.add(Path.of(wlp, "clients", "restConnector.jar"));
            }
            if (userDir != null) {
                candidates.add(userDir.toAbsolutePath().resolveSibling("clients").resolve("restConnector.jar"));
            }
        }
        for (Path jar : candidates) {
            if (Files.isRegularFile(jar)) {
                try {
                    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, Target.class.getClassLoader());
                } catch (MalformedURLException e) {
                    throw new Jmx.Unreachable(jar + ": " + e.getMessage(), e);
                }
            }
        }
        throw new Jmx.Unreachable("Liberty's REST connector client (wlp/clients/restConnector.jar of any Liberty) is not found "
                + (candidates.isEmpty() ? "" : "at " + candidates + " ") + "; give --client-jar, or set WLP_HOME", null);
    }

    /** TLS that trusts the certificates of the trust store given (the server's own key store will do). */
    private SSLContext trusting() throws Jmx.Unreachable {
        try {
            KeyStore store = KeyStore.getInstance(trustStore.toFile(), givenTrustStorePassword());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new Jmx.Unreachable("the trust store " + trustStore + " cannot be read: " + e.getMessage(), e);
        }
    }

    private char[] givenTrustStorePassword() {
        if (trustStorePassword != null) {
            return trustStorePassword;
        }
        String env = System.getenv("OPENRSM_TRUST_STORE_PASSWORD");
        return env == null ? null : env.toCharArray();
    }

}
