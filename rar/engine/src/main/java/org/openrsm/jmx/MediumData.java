package org.openrsm.jmx;

import java.beans.ConstructorProperties;
import java.util.List;

/** A cartridge as the {@link MediaMXBean} shows it (an open-type CompositeData). */
public final class MediumData {
    private final String barCode;
    private final String library;
    private final String location;
    private final String pool;
    private final String state;
    private final boolean enabled;
    private final List<String> sides;

    @ConstructorProperties({"barCode", "library", "location", "pool", "state", "enabled", "sides"})
    public MediumData(String barCode, String library, String location, String pool, String state, boolean enabled,
            List<String> sides) {
        this.barCode = barCode;
        this.library = library;
        this.location = location;
        this.pool = pool;
        this.state = state;
        this.enabled = enabled;
        this.sides = List.copyOf(sides);
    }

    public String getBarCode() {
        return barCode;
    }

    /** The library it is in (the offline library's name once ejected). */
    public String getLibrary() {
        return library;
    }

    /** Where it is: {@code slot 12}, {@code drive drive2}, {@code IE port 1}, or {@code shelf}. */
    public String getLocation() {
        return location;
    }

    /** The path of its media pool. */
    public String getPool() {
        return pool;
    }

    /** IDLE, IN_USE, MOUNTED, LOADED, UNLOADED, OPERROR, OPREQ … */
    public String getState() {
        return state;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** One line per side: its number, its state and the logical medium allocated on it, if any. */
    public List<String> getSides() {
        return sides;
    }
}
