package org.openrsm.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code openrsm oprequest list|satisfy ID|refuse ID}. */
@Command(name = "oprequest", description = "List the open operator requests, or satisfy or refuse one.")
final class OpRequestCommand extends OpenRsm.Base {
    enum Action { list, satisfy, refuse }

    @Parameters(index = "0", description = "${COMPLETION-CANDIDATES}")
    Action action;

    @Parameters(index = "1", arity = "0..1", description = "the request's id (satisfy, refuse)")
    String id;

    @Override
    void run(Jmx jmx, PrintWriter out) throws Exception {
        if (action == Action.list) {
            ViewCommand.requests(jmx).print(out, root.json);
            return;
        }
        if (id == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), action + " needs the request's id");
        }
        jmx.invoke("org.openrsm:type=OperatorRequests", action.name(), new Object[] {id}, new String[] {String.class.getName()});
        new Output("id", "answer").row(id, action == Action.satisfy ? "COMPLETE" : "REFUSED").print(out, root.json);
    }
}
