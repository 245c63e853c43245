package org.openrsm.jmx;

import java.util.List;

/** The engine as monitoring sees it: {@code org.openrsm:type=Engine} (what readiness and liveness checks ask). */
public interface EngineMXBean {
    /** When the engine started (ISO-8601). */
    String getStarted();

    /** Where the catalog is stored, e.g. {@code embedded Derby database /…/openrsm/db}. */
    String getStore();

    /** Whether the store answers a query now (a round trip to the database, at most a few seconds). */
    boolean isStoreReachable();

    /** The names of the attached libraries (the offline library is not one of them). */
    List<String> getLibraries();

    /** Libraries that cannot serve mounts now, each with why (not READY, disabled, waiting for an inventory). */
    List<String> getLibrariesNotReady();
}
