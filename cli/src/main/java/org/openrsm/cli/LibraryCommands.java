package org.openrsm.cli;

import java.io.PrintWriter;
import java.util.TreeSet;
import javax.management.ObjectName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Inject, eject, inventory, refresh: library requests, waited for with progress unless {@code --no-wait}. */
final class LibraryCommands {
    private LibraryCommands() {
    }

    abstract static class Request extends OpenRsm.Base {
        @Option(names = "--no-wait", description = "return the request id at once instead of waiting for its end")
        boolean noWait;

        @Option(names = "--wait-seconds", defaultValue = "600", description = "how long to wait (default: ${DEFAULT-VALUE})")
        int waitSeconds;

        /** Prints the request and its outcome; a request that failed is a refusal (exit code 1). */
        void finish(Jmx jmx, PrintWriter out, String what, String request) throws Exception {
            String state = noWait ? "QUEUED" : await(jmx, request, waitSeconds);
            if (!noWait) {
                spec.commandLine().getErr().println();
            }
            new Output("request", "operation", "state").row(request, what, state).print(out, root.json);
            if (state.startsWith("FAILED") || state.startsWith("CANCELLED") || state.startsWith("STOPPED")) {
                throw new Jmx.Refused(what + " " + state);
            }
        }
    }

    @Command(name = "inject", description = "Take cartridges from the IE ports into free slots.")
    static final class Inject extends Request {
        @Option(names = "--port", description = "only this IE port (default: every full port)")
        Integer port;

        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            String request = port == null
                    ? (String) jmx.invoke(root.libraryBean(), "injectAll", new Object[0], new String[0])
                    : (String) jmx.invoke(root.libraryBean(), "inject", new Object[] {port}, new String[] {int.class.getName()});
            finish(jmx, out, "inject", request);
        }
    }

    @Command(name = "eject", description = "Put cartridges (by bar code) into IE ports.")
    static final class Eject extends Request {
        @Parameters(arity = "1..*", description = "bar codes")
        java.util.List<String> barCodes;

        @Option(names = "--port", description = "this IE port (one cartridge only; default: any empty port)")
        Integer port;

        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            if (port != null && barCodes.size() > 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port takes one bar code");
            }
            int done = 0;
            for (String barCode : barCodes) {
                String request = port == null
                        ? (String) jmx.invoke(root.libraryBean(), "ejectToAnyPort", new Object[] {barCode},
                                new String[] {String.class.getName()})
                        : (String) jmx.invoke(root.libraryBean(), "eject", new Object[] {barCode, port},
                                new String[] {String.class.getName(), int.class.getName()});
                spec.commandLine().getErr().printf("eject %s (%d of %d)", barCode, ++done, barCodes.size());
                finish(jmx, out, "eject " + barCode, request);
            }
        }
    }

    @Command(name = "inventory", description = "Reconcile the catalog with the library (FAST reads bar codes; FULL each slot).")
    static final class Inventory extends Request {
        @Option(names = "--method", defaultValue = "FAST", description = "FAST, FULL, OMID, DEFAULT (default: ${DEFAULT-VALUE})")
        String method;

        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            String request = (String) jmx.invoke(root.libraryBean(), "inventory", new Object[] {method},
                    new String[] {String.class.getName()});
            finish(jmx, out, "inventory " + method, request);
        }
    }

    @Command(name = "refresh", description = "A FAST inventory of every library.")
    static final class Refresh extends Request {
        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            for (ObjectName n : new TreeSet<>(jmx.server.queryNames(Jmx.name("org.openrsm:type=Library,*"), null))) {
                root.library = n.getKeyProperty("name");
                String request = (String) jmx.invoke(n.toString(), "inventory", new Object[] {"FAST"},
                        new String[] {String.class.getName()});
                finish(jmx, out, "refresh " + root.library, request);
            }
        }
    }
}
