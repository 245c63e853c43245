package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The Liberty server of the tests, driven as an operator would: {@code server start|stop}, a kill -9 of its JVM,
 * applications deployed through configuration drop-ins, and its local JMX connector.
 */
final class LibertyServer {
    /** HTTP/1.1 as curl speaks it (the default, HTTP/2 by upgrade, crawls with bodies of many megabytes) */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String SAMPLE = "http://localhost:9080/sample/api/";

    private LibertyServer() {
    }

    static Path server(String... more) {
        return Path.of(System.getProperty("wlp.home"), "usr", "servers", System.getProperty("liberty.server"))
                .resolve(String.join("/", more));
    }

    static void command(String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("wlp.home"), "bin", "server").toString(), command,
                System.getProperty("liberty.server")).redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("server " + command + " returns").isTrue();
    }

    /** The demo's users of server.xml's basic registry: {@code archivist} may archive, read and delete. */
    static final String ARCHIVIST = basic("archivist", "archivist-password");
    /** {@code auditor} may only read. */
    static final String AUDITOR = basic("auditor", "auditor-password");

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request to {@code url} as the archivist. */
    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", ARCHIVIST);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(request(url).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean up() {
        try {
            return get(SAMPLE + "drives").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Starts the server unless it runs; true if this call started it. */
    static boolean ensureUp() throws Exception {
        if (up()) {
            return false;
        }
        command("start");
        await().atMost(Duration.ofSeconds(120)).until(LibertyServer::up);
        return true;
    }

    /** kill -9 of the server's JVM: no shutdown hook, no orderly stop, as a power cut or the OOM killer would. */
    static void kill() throws Exception {
        Path pidFile = Path.of(System.getProperty("wlp.home"), "usr", "servers", ".pid", System.getProperty("liberty.server") + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        assertThat(server.destroyForcibly()).as("SIGKILL to " + pid).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> !server.isAlive());
    }

    /** Deploys the archive through a configuration drop-in (the server notices it without a restart). */
    static Path deploy(WebArchive archive, String name) throws Exception {
        return deploy(archive, name, System.getProperty("liberty.server"));
    }

    /** Deploys the archive to the server {@code serverName} of the same Liberty installation. */
    static Path deploy(WebArchive archive, String name, String serverName) throws Exception {
        Path war = Path.of("target", name + ".war").toAbsolutePath();
        archive.as(ZipExporter.class).exportTo(war.toFile(), true);
        Path config = Path.of(System.getProperty("wlp.home"), "usr", "servers", serverName, "configDropins", "overrides",
                name + ".xml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "<server><webApplication id=\"" + name + "\" location=\"" + war + "\" contextRoot=\"/" + name
                + "\"><classloader commonLibraryRef=\"openrsmApi\"/></webApplication></server>");
        return config;
    }

    /** An attribute of an OpenRSM MBean, read through the server's local JMX connector. */
    static Object attribute(String name, String attribute) throws Exception {
        return attribute(System.getProperty("liberty.server"), name, attribute);
    }

    /** An attribute of an OpenRSM MBean of the server {@code serverName} of the same Liberty installation. */
    static Object attribute(String serverName, String name, String attribute) throws Exception {
        Path address = Path.of(System.getProperty("wlp.home"), "usr", "servers", serverName, "logs", "state",
                "com.ibm.ws.jmx.local.address");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(address));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address, StandardCharsets.UTF_8).trim()))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            return mbeans.getAttribute(new ObjectName(name), attribute);
        }
    }

    /** An operation of an OpenRSM MBean without arguments, through the server's local JMX connector. */
    static Object invokeNoArgs(String name, String operation) throws Exception {
        Path address = server("logs", "state", "com.ibm.ws.jmx.local.address");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(address));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address, StandardCharsets.UTF_8).trim()))) {
            return jmx.getMBeanServerConnection().invoke(new ObjectName(name), operation, new Object[0], new String[0]);
        }
    }

    /** An operation of an OpenRSM MBean with one String argument, through the server's local JMX connector. */
    static Object invoke(String name, String operation, String argument) throws Exception {
        Path address = server("logs", "state", "com.ibm.ws.jmx.local.address");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(address));
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(Files.readString(address, StandardCharsets.UTF_8).trim()))) {
            return jmx.getMBeanServerConnection().invoke(new ObjectName(name), operation, new Object[] {argument},
                    new String[] {String.class.getName()});
        }
    }
}
