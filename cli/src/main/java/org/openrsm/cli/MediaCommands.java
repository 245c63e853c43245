package org.openrsm.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Mount and dismount by bar code, allocate and deallocate. */
final class MediaCommands {
    private MediaCommands() {
    }

    private static final String[] STRING = {String.class.getName()};

    @Command(name = "mount", description = "Mount a cartridge (by bar code) in a drive the library chooses; prints the drive.")
    static final class Mount extends OpenRsm.Base {
        @Parameters(index = "0", description = "bar code")
        String barCode;

        @Option(names = "--write", description = "mount for writing")
        boolean write;

        @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait for a drive (default: ${DEFAULT-VALUE})")
        int timeout;

        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            String drive = (String) jmx.invoke(root.libraryBean(), "mount", new Object[] {barCode, write, timeout},
                    new String[] {String.class.getName(), boolean.class.getName(), int.class.getName()});
            new Output("barCode", "drive").row(barCode, drive).print(out, root.json);
        }
    }

    @Command(name = "dismount", description = "Dismount a cartridge (by bar code): one mounted with 'openrsm mount', "
            + "or one waiting in its drive.")
    static final class Dismount extends OpenRsm.Base {
        @Parameters(index = "0", description = "bar code")
        String barCode;

        @Option(names = "--deferred", description = "leave it in the drive until the drive's defer-dismount delay runs out")
        boolean deferred;

        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            jmx.invoke(root.libraryBean(), "dismount", new Object[] {barCode, !deferred},
                    new String[] {String.class.getName(), boolean.class.getName()});
            new Output("barCode", "dismount").row(barCode, deferred ? "DEFERRED" : "IMMEDIATE").print(out, root.json);
        }
    }

    @Command(name = "allocate", description = "Allocate a side from a media pool (e.g. '\\Archive'); prints the logical medium.")
    static final class Allocate extends OpenRsm.Base {
        @Parameters(index = "0", description = "pool path")
        String pool;

        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            String medium = (String) jmx.invoke("org.openrsm:type=Media", "allocate", new Object[] {pool}, STRING);
            new Output("pool", "medium").row(pool, medium).print(out, root.json);
        }
    }

    @Command(name = "deallocate", description = "Deallocate a logical medium (its id).")
    static final class Deallocate extends OpenRsm.Base {
        @Parameters(index = "0", description = "logical medium id")
        String medium;

        @Override
        void run(Jmx jmx, PrintWriter out) throws Exception {
            jmx.invoke("org.openrsm:type=Media", "deallocate", new Object[] {medium}, STRING);
            new Output("medium", "deallocated").row(medium, true).print(out, root.json);
        }
    }
}
