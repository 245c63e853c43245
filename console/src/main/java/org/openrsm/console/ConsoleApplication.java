package org.openrsm.console;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The console's REST API under {@code /openrsm/api}: what the page shows, its live updates, an operator's answers. */
@ApplicationPath("api")
public class ConsoleApplication extends Application {
}
