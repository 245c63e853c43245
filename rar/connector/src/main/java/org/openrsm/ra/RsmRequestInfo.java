package org.openrsm.ra;

import java.util.Objects;
import jakarta.resource.spi.ConnectionRequestInfo;
import org.openrsm.api.SessionSpec;

/** What {@code getSession(SessionSpec)} asks for: matched by application and user. */
record RsmRequestInfo(SessionSpec spec) implements ConnectionRequestInfo {
    RsmRequestInfo {
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsmRequestInfo r && spec.application().equals(r.spec.application())
                && Objects.equals(spec.user(), r.spec.user());
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec.application(), spec.user());
    }
}
