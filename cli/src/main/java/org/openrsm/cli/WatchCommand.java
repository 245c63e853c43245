package org.openrsm.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openrsm watch}: the drives and the queue of a library, refreshed every few seconds (Ctrl-C ends it). */
@Command(name = "watch", description = "A live view of the library's drives and queue.")
final class WatchCommand extends OpenRsm.Base {
    @Option(names = "--interval", defaultValue = "2", description = "seconds between views (default: ${DEFAULT-VALUE})")
    int interval;

    @Option(names = "--count", defaultValue = "0", description = "stop after this many views (0: until Ctrl-C)")
    int count;

    @Override
    void run(Jmx jmx, PrintWriter out) throws Exception {
        for (int i = 0; count == 0 || i < count; i++) {
            if (i > 0) {
                Thread.sleep(interval * 1000L);
            }
            if (!root.json) {
                out.printf("%s  %s: queued %s, open operator requests %s, robot moves %s%n",
                        LocalTime.now().truncatedTo(ChronoUnit.SECONDS), root.library, jmx.get(root.libraryBean(), "QueuedRequests"),
                        jmx.get(root.libraryBean(), "OpenOperatorRequests"), jmx.get(root.libraryBean(), "RobotMoves"));
            }
            ViewCommand.drives(jmx, root.library).print(out, root.json);
            out.println();
            out.flush();
        }
    }
}
