package org.openrsm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code openrsm}: the operator's command line, in the spirit of RSM's {@code rsm.exe} and ACSLS {@code cmd_proc}. It
 * talks to a running server over JMX: a local Liberty server by its name, or one elsewhere through Liberty's REST
 * connector. Exit codes: 0 done, 1 refused by OpenRSM (its message on stderr), 2 wrong usage, 3 server not reachable,
 * 4 credentials not accepted or not allowed to act.
 */
@Command(name = "openrsm", mixinStandardHelpOptions = true, version = "openrsm 0.1.0",
        description = "Operate the tape libraries of a running OpenRSM server.",
        subcommands = {ViewCommand.class, MediaCommands.Mount.class, MediaCommands.Dismount.class, MediaCommands.Allocate.class,
            MediaCommands.Deallocate.class, LibraryCommands.Inject.class, LibraryCommands.Eject.class,
            LibraryCommands.Inventory.class, LibraryCommands.Refresh.class, OpRequestCommand.class, WatchCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:refused by OpenRSM", "2:wrong usage", "3:server not reachable",
            "4:credentials not accepted, or the user may only look"})
public final class OpenRsm {
    static final int REFUSED = 1;
    static final int UNREACHABLE = 3;
    static final int NOT_AUTHORIZED = 4;

    @Option(names = "--server", defaultValue = "openrsm", description = "Liberty server name (default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--user-dir", description = "Liberty user directory (default: $WLP_USER_DIR, else "
            + "ejb-sample/target/liberty/wlp/usr)")
    Path userDir;

    @Option(names = {"--url", "--jmx-url"}, paramLabel = "URL", description = "a server elsewhere: https://host:port "
            + "(Liberty's REST connector; needs --user) or any JMX service URL, instead of the local server")
    String url;

    @Option(names = "--user", description = "user for the REST connector (Liberty's administrator-role acts, "
            + "reader-role only looks)")
    String user;

    @Option(names = "--password", arity = "0..1", interactive = true, description = "the user's password (default: "
            + "$OPENRSM_PASSWORD, else asked for)")
    char[] password;

    @Option(names = "--trust-store", paramLabel = "FILE", description = "key store (PKCS12 or JKS) with the certificate "
            + "the server's HTTPS shows, e.g. a copy of its resources/security/key.p12 (default: Java's trusted CAs)")
    Path trustStore;

    @Option(names = "--trust-store-password", description = "its password (default: $OPENRSM_TRUST_STORE_PASSWORD)")
    char[] trustStorePassword;

    @Option(names = "--client-jar", paramLabel = "FILE", description = "Liberty's wlp/clients/restConnector.jar (default: "
            + "$OPENRSM_REST_CLIENT, $WLP_HOME/clients, or beside --user-dir)")
    Path clientJar;

    @Option(names = "--json", description = "JSON for scripts instead of tables")
    boolean json;

    @Option(names = "--library", defaultValue = "lib1", description = "library name (default: ${DEFAULT-VALUE})")
    String library;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new OpenRsm());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    Path userDir() {
        if (userDir != null) {
            return userDir;
        }
        String env = System.getenv("WLP_USER_DIR");
        return Path.of(env != null ? env : "ejb-sample/target/liberty/wlp/usr");
    }

    Target target() {
        return new Target(url, userDir(), server, user, password, trustStore, trustStorePassword, clientJar);
    }

    String libraryBean() {
        return "org.openrsm:type=Library,name=" + library;
    }

    /** A command that needs the server: connects, runs, maps failures to exit codes with one line on stderr. */
    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        OpenRsm root;

        @Spec
        CommandLine.Model.CommandSpec spec;

        abstract void run(Jmx jmx, PrintWriter out) throws Exception;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try (Jmx jmx = Jmx.connect(root.target())) {
                run(jmx, out());
                out().flush();
                return 0;
            } catch (CommandLine.ParameterException e) {
                err.println("openrsm: " + e.getMessage());
                e.getCommandLine().usage(err);
                return spec.exitCodeOnInvalidInput();
            } catch (Jmx.Refused e) {
                err.println("openrsm: refused: " + e.getMessage());
                return REFUSED;
            } catch (Jmx.Unreachable e) {
                err.println("openrsm: " + e.getMessage());
                return UNREACHABLE;
            } catch (Jmx.NotAuthorized e) {
                err.println("openrsm: " + e.getMessage());
                return NOT_AUTHORIZED;
            } catch (Exception e) {
                err.println("openrsm: " + e);
                return UNREACHABLE;
            } finally {
                err.flush();
            }
        }

        /** Waits for a library request, showing progress on stderr (a dot a second); its outcome. */
        String await(Jmx jmx, String request, int seconds) throws Jmx.Refused, Jmx.Unreachable, Jmx.NotAuthorized {
            PrintWriter err = spec.commandLine().getErr();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            String state;
            while (true) {
                state = (String) jmx.invoke(root.libraryBean(), "awaitRequest", new Object[] {request, 1},
                        new String[] {String.class.getName(), int.class.getName()});
                if (!state.startsWith("QUEUED") && !state.startsWith("INPROCESS") && !state.startsWith("WAITING")
                        || System.nanoTime() > deadline) {
                    break;
                }
                err.print('.');
                err.flush();
            }
            return state;
        }
    }
}
